package dev.orderly.shutdown.observation;

import dev.orderly.shutdown.report.ShutdownReport;
import io.micrometer.observation.Observation;

/**
 * Context of the {@link ShutdownObservationDocumentation#SHUTDOWN observation of a run}.
 *
 * @since 0.1.0
 */
public class ShutdownObservationContext extends Observation.Context {

	private volatile ShutdownReport report;

	private volatile boolean ended;

	/**
	 * Create the context of a run that has just started.
	 * @param started the run as it started (its id, trigger and reason; no stages yet)
	 */
	public ShutdownObservationContext(ShutdownReport started) {
		this.report = started;
	}

	/**
	 * The run: as it started until it has ended, then its complete report.
	 * @return the run's report
	 */
	public ShutdownReport getReport() {
		return this.report;
	}

	/**
	 * Whether the run has ended, so that {@link #getReport()} is complete and has its
	 * outcome.
	 * @return whether the run has ended
	 */
	public boolean isEnded() {
		return this.ended;
	}

	/**
	 * Record the end of the run, before its observation stops.
	 * @param report the complete report
	 */
	public void ended(ShutdownReport report) {
		this.report = report;
		this.ended = true;
	}

}

package dev.orderly.shutdown.observation;

import dev.orderly.shutdown.report.StageReport;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * Context of the {@link ShutdownObservationDocumentation#STAGE observation of a stage}.
 *
 * @since 0.1.0
 */
public class ShutdownStageObservationContext extends Observation.Context {

	private final String stageName;

	private volatile @Nullable StageReport report;

	/**
	 * Create the context of a stage that has just started.
	 * @param stageName the stage's name
	 */
	public ShutdownStageObservationContext(String stageName) {
		this.stageName = stageName;
	}

	/**
	 * The stage's name.
	 * @return the name
	 */
	public String getStageName() {
		return this.stageName;
	}

	/**
	 * What the stage did (outcome, detail, counts such as requests served), once it has
	 * ended.
	 * @return the stage's report, or {@code null} while it runs
	 */
	public @Nullable StageReport getReport() {
		return this.report;
	}

	/**
	 * Record the end of the stage, before its observation stops.
	 * @param report what the stage did
	 */
	public void ended(StageReport report) {
		this.report = report;
	}

}

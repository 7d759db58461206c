package dev.orderly.shutdown.internal.drain;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.internal.engine.StageRecorder;
import dev.orderly.shutdown.internal.engine.StageRecording;
import dev.orderly.shutdown.internal.plan.StagePlan;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * The web stage: Spring Boot's own graceful shutdown, which stops accepting and
 * waits for in-flight requests in the phase
 * {@link WebServerApplicationContext#GRACEFUL_SHUTDOWN_PHASE}. Two lifecycles bracket that
 * phase: the one just above it starts the stage, notes the requests in flight when the
 * server stops accepting and bounds Spring's wait for the graceful shutdown by what is left
 * of the stage (at most its timeout, less if the run's deadline is nearer); the one just
 * below it ends the stage and notes the requests still active, which the server's stop then
 * cuts off.
 */
public final class GracefulShutdownStage {

	private static final int GRACEFUL_SHUTDOWN_PHASE = WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE;

	private final StageRecorder stages;

	private final StagePlan.Web plan;

	private final @Nullable InFlightRequests requests;

	private volatile @Nullable StageRecording recording;

	private volatile int inFlightAtStop;

	/**
	 * Create the web stage.
	 * @param stages where the stage is recorded
	 * @param plan the web stage's plan
	 * @param requests the in-flight bookkeeping, or {@code null} for none
	 */
	public GracefulShutdownStage(StageRecorder stages, StagePlan.Web plan, @Nullable InFlightRequests requests) {
		this.stages = stages;
		this.plan = plan;
		this.requests = requests;
	}

	/**
	 * The lifecycle that starts the stage, stopped just before the graceful shutdown.
	 * @return the lifecycle
	 */
	public SmartLifecycle beforeGracefulShutdown() {
		return this.stages.atPhase(GRACEFUL_SHUTDOWN_PHASE + 1, this::begin);
	}

	/**
	 * The lifecycle that ends the stage, stopped just after the graceful shutdown.
	 * @return the lifecycle
	 */
	public SmartLifecycle afterGracefulShutdown() {
		return this.stages.atPhase(GRACEFUL_SHUTDOWN_PHASE - 1, this::end);
	}

	private void begin() {
		this.stages.begin(StagePlan.WEB).ifPresent((begun) -> {
			this.inFlightAtStop = (this.requests != null) ? this.requests.inFlight() : 0;
			if (!this.plan.immediate()) {
				// Spring reads the graceful phase's timeout when that phase stops, which is next.
				this.stages.boundPhase(GRACEFUL_SHUTDOWN_PHASE, begun, Duration.ZERO);
			}
			this.recording = begun;
		});
	}

	private void end() {
		StageRecording begun = this.recording;
		if (begun == null) {
			return;
		}
		this.recording = null;
		if (this.requests == null) {
			begun.end(ShutdownOutcome.COMPLETED,
					this.plan.immediate() ? StagePlan.Web.IMMEDIATE : "graceful shutdown ended", Map.of());
			return;
		}
		int active = Math.max(0, this.requests.inFlight());
		Map<String, Long> counts = new LinkedHashMap<>();
		counts.put(StagePlan.Web.REQUESTS_IN_FLIGHT, (long) this.inFlightAtStop);
		counts.put(StagePlan.Web.REQUESTS_CUT_OFF, (long) active);
		if (this.plan.immediate()) {
			// Nothing waited: the server's stop, next, cuts off what is in flight, as configured.
			begun.end(ShutdownOutcome.COMPLETED, StagePlan.Web.IMMEDIATE + "; " + active + " in flight cut off",
					counts);
			return;
		}
		String detail = this.inFlightAtStop + " in flight when accepting stopped; " + ((active == 0) ? "all answered"
				: active + " still active after " + begun.timeGiven() + ", cut off");
		begun.end((active == 0) ? ShutdownOutcome.COMPLETED : ShutdownOutcome.TIMED_OUT, detail, counts);
	}

}

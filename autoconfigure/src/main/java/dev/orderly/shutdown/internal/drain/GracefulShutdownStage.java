package dev.orderly.shutdown.internal.drain;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.internal.engine.StageRecorder;
import dev.orderly.shutdown.internal.engine.StageRecording;
import dev.orderly.shutdown.internal.plan.StagePlan;
import dev.orderly.shutdown.internal.report.ShutdownReportTable;
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
 * <p>
 * The count trails the server by a little: a reactive request leaves it when its exchange
 * ends, just after the server has written the response and may already consider the
 * connection idle. So when the graceful shutdown ended before its time was up, the count is
 * given up to {@link #SETTLE_TIME} to catch up before anything is called cut off. A request
 * whose exchange was cancelled while the stage ran (its connection closed under it, by the
 * server or its client) got no response either: it is cut off, not answered.
 * <p>
 * Where the server's graceful shutdown would lose the requests in flight (Reactor Netty with
 * HTTP/2, see {@link ReactorNettyHttp2}), the stage first lets them finish, within its time,
 * while the server still accepts, and only then lets the graceful shutdown begin.
 */
public final class GracefulShutdownStage {

	private static final int GRACEFUL_SHUTDOWN_PHASE = WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE;

	/**
	 * How long, at most, the count may catch up with a graceful shutdown that ended early:
	 * far above the lag seen (a few milliseconds), far below any stage timeout.
	 */
	private static final Duration SETTLE_TIME = Duration.ofMillis(250);

	/** Time for the server to write the end of the last response, after its exchange ended. */
	private static final Duration WRITE_MARGIN = Duration.ofMillis(100);

	private static final long POLL_NANOS = Duration.ofMillis(5).toNanos();

	private final StageRecorder stages;

	private final StagePlan.Web plan;

	private final @Nullable InFlightRequests requests;

	private final BooleanSupplier finishInFlightFirst;

	private volatile @Nullable StageRecording recording;

	private volatile int inFlightAtStop;

	private volatile long cancelledAtStop;

	private volatile long beganNanos;

	/**
	 * Create the web stage.
	 * @param stages where the stage is recorded
	 * @param plan the web stage's plan
	 * @param requests the in-flight bookkeeping, or {@code null} for none
	 */
	public GracefulShutdownStage(StageRecorder stages, StagePlan.Web plan, @Nullable InFlightRequests requests) {
		this(stages, plan, requests, () -> false);
	}

	/**
	 * Create the web stage.
	 * @param stages where the stage is recorded
	 * @param plan the web stage's plan
	 * @param requests the in-flight bookkeeping, or {@code null} for none
	 * @param finishInFlightFirst whether, asked when the stage begins, the requests in flight
	 * should finish before the server's graceful shutdown begins
	 */
	public GracefulShutdownStage(StageRecorder stages, StagePlan.Web plan, @Nullable InFlightRequests requests,
			BooleanSupplier finishInFlightFirst) {
		this.stages = stages;
		this.plan = plan;
		this.requests = requests;
		this.finishInFlightFirst = finishInFlightFirst;
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
			this.beganNanos = System.nanoTime();
			this.inFlightAtStop = (this.requests != null) ? this.requests.inFlight() : 0;
			this.cancelledAtStop = (this.requests != null) ? this.requests.cancellations() : 0;
			if (!this.plan.immediate()) {
				if (this.requests != null && this.finishInFlightFirst.getAsBoolean()) {
					awaitNoneInFlight(this.requests, begun.deadlineNanos());
				}
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
		if (this.plan.immediate()) {
			// Nothing waited: the server's stop, next, cuts off what is in flight, as configured.
			int active = this.requests.inFlight();
			begun.end(ShutdownOutcome.COMPLETED, StagePlan.Web.IMMEDIATE + "; " + active + " in flight cut off",
					counts(active));
			return;
		}
		InFlightRequests requests = this.requests;
		// Spring stops waiting for the graceful shutdown at the stage's deadline, not before
		boolean timedOut = System.nanoTime() >= begun.deadlineNanos();
		int active = timedOut ? requests.inFlight() : settle(requests, begun.deadlineNanos());
		long closed = requests.cancellations() - this.cancelledAtStop;
		StringJoiner cutOff = new StringJoiner("; ");
		if (active > 0) {
			cutOff.add(active + " still active " + (timedOut ? "after " + begun.timeGiven()
					: "when the server's graceful shutdown ended after " + ShutdownReportTable
						.duration(Duration.ofNanos(System.nanoTime() - this.beganNanos)))
					+ ", cut off");
		}
		if (closed > 0) {
			cutOff.add(closed + " closed unanswered, cut off");
		}
		String detail = this.inFlightAtStop + " in flight when accepting stopped; "
				+ ((cutOff.length() == 0) ? "all answered" : cutOff.toString());
		begun.end((timedOut && active > 0) ? ShutdownOutcome.TIMED_OUT : ShutdownOutcome.COMPLETED, detail,
				counts(active + closed));
	}

	/**
	 * Wait until no request is in flight, or the stage's deadline, and then a moment more:
	 * a request leaves the count as its exchange ends, just before the server has written
	 * the end of its response. The graceful shutdown then gets what is left.
	 */
	private static void awaitNoneInFlight(InFlightRequests requests, long deadlineNanos) {
		while (requests.inFlight() > 0 && System.nanoTime() < deadlineNanos) {
			LockSupport.parkNanos(POLL_NANOS);
		}
		LockSupport.parkNanos(Math.min(WRITE_MARGIN.toNanos(), Math.max(0, deadlineNanos - System.nanoTime())));
	}

	/**
	 * The requests still active once the count has had up to {@link #SETTLE_TIME}, within
	 * the stage's time, to catch up with a server that found none.
	 */
	private static int settle(InFlightRequests requests, long deadlineNanos) {
		long until = Math.min(deadlineNanos, System.nanoTime() + SETTLE_TIME.toNanos());
		int active = requests.inFlight();
		while (active > 0 && System.nanoTime() < until) {
			LockSupport.parkNanos(POLL_NANOS);
			active = requests.inFlight();
		}
		return active;
	}

	private Map<String, Long> counts(long cutOff) {
		Map<String, Long> counts = new LinkedHashMap<>();
		counts.put(StagePlan.Web.REQUESTS_IN_FLIGHT, (long) this.inFlightAtStop);
		counts.put(StagePlan.Web.REQUESTS_CUT_OFF, cutOff);
		return counts;
	}

}

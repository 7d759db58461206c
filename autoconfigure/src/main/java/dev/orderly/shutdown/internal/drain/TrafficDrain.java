package dev.orderly.shutdown.internal.drain;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.internal.engine.StageRecorder;
import dev.orderly.shutdown.internal.engine.StageRecording;
import dev.orderly.shutdown.internal.plan.StagePlan;
import dev.orderly.shutdown.internal.report.ShutdownReportTable;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;

/**
 * The drain stage. When the context starts closing, readiness is down but the web server
 * still accepts: it keeps serving (with {@code Connection: close}) while load balancers
 * notice, and ends once traffic has stopped for the quiet period, within the min and max
 * delays. It runs right after the run begins, before Spring's executors start their early
 * shutdown and before any lifecycle phase stops.
 */
public final class TrafficDrain implements ApplicationListener<ContextClosedEvent>, Ordered {

	/** Right after {@code ContextClosedTrigger}, which begins the run. */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1;

	private static final Log logger = LogFactory.getLog(TrafficDrain.class);

	private final StageRecorder stages;

	private final InFlightRequests requests;

	private final LongLivedResponsesAtDrain longLivedResponses;

	private final StagePlan.Drain settings;

	private final ApplicationContext context;

	private final @Nullable ApplicationAvailability availability;

	private final QuietRule rule;

	public TrafficDrain(StageRecorder stages, InFlightRequests requests, LongLivedResponsesAtDrain longLivedResponses,
			StagePlan.Drain settings, ApplicationContext context, @Nullable ApplicationAvailability availability) {
		this.stages = stages;
		this.requests = requests;
		this.longLivedResponses = longLivedResponses;
		this.settings = settings;
		this.context = context;
		this.availability = availability;
		this.rule = new QuietRule(settings.minQuietPeriod(), settings.quietPeriod(),
				settings.balancerFailureThreshold());
		if (settings.quietPeriod().compareTo(settings.maxDelay()) > 0) {
			// allowed, as before the rule adapted: an idle instance still ends at once
			logger.warn("orderly.shutdown.drain.quiet-period (" + ShutdownReportTable.duration(settings.quietPeriod())
					+ ") is longer than orderly.shutdown.drain.max-delay ("
					+ ShutdownReportTable.duration(settings.maxDelay()) + "): a drain that sees too few requests to "
					+ "adapt its quiet period runs to max-delay. Lower quiet-period or raise max-delay.");
		}
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		if (event.getApplicationContext() == this.context) {
			this.stages.begin(StagePlan.DRAIN).ifPresent(this::drain);
		}
	}

	private void drain(StageRecording recording) {
		refuseTraffic();
		this.requests.startDraining();
		long start = System.nanoTime();
		long earliest = start + this.settings.minDelay().toNanos();
		long latest = Math.min(start + this.settings.maxDelay().toNanos(), recording.deadlineNanos());
		logger.info("Draining: readiness is REFUSING_TRAFFIC; serving with 'Connection: close' until no request has "
				+ "arrived for " + quietDescription() + " (at least "
				+ ShutdownReportTable.duration(this.settings.minDelay()) + ", at most "
				+ ShutdownReportTable.duration(this.settings.maxDelay()) + ")");
		long now = start;
		QuietRule.Quiet quiet = quiet(start, now);
		while (now < latest && !(now >= earliest && this.requests.quietSince(now, quiet.nanos()))) {
			// Sleep until the drain could end; an arrival meanwhile moves that point on, and
			// changes the quiet period it needs.
			long wake = Math.min(latest, Math.max(earliest, this.requests.quietUntil(quiet.nanos())));
			LockSupport.parkNanos(Math.max(wake - now, 1_000_000));
			if (Thread.interrupted()) {
				Thread.currentThread().interrupt();
				break;
			}
			now = System.nanoTime();
			quiet = quiet(start, now);
		}
		boolean quietReached = this.requests.quietSince(now, quiet.nanos());
		long overshoot = now - Math.max(start, this.requests.lastArrival());
		int ended = this.longLivedResponses.endAll();
		Map<String, Long> counts = new LinkedHashMap<>();
		long served = this.requests.servedDuringDrain();
		counts.put(StagePlan.Drain.REQUESTS_SERVED, served);
		counts.put("long-lived.ended", (long) ended);
		counts.put(StagePlan.Drain.OVERSHOOT_MS, TimeUnit.NANOSECONDS.toMillis(overshoot));
		boolean heldByMinDelay = quietReached && earliest > start
				&& this.requests.quietUntil(quiet.nanos()) < earliest;
		String detail = describe(quietReached, now - start, served, ended, overshoot, quiet,
				heldByMinDelay ? this.settings.minDelay() : null);
		recording.end(quietReached ? ShutdownOutcome.COMPLETED : ShutdownOutcome.TIMED_OUT, detail, counts);
		if (!quietReached) {
			logger.warn("Drain ended at its max delay while requests kept arriving: is the load balancer still "
					+ "routing to this instance? Raise orderly.shutdown.drain.max-delay if it needs longer.");
		}
	}

	/**
	 * The silence the drain needs now, from what it has observed so far.
	 */
	private QuietRule.Quiet quiet(long start, long now) {
		long arrivals = this.requests.servedDuringDrain();
		long last = this.requests.lastArrival();
		// counted from the bound of the last arrival: a longer span, a longer mean gap
		long span = (last == Long.MIN_VALUE) ? 0
				: Math.max(0, last + InFlightRequests.ARRIVAL_RESOLUTION_NANOS - start);
		return this.rule.quietPeriod(
				new QuietRule.Traffic(arrivals, span, this.requests.longestRecentGap(now)), null);
	}

	private String quietDescription() {
		Duration floor = this.settings.minQuietPeriod();
		Duration ceiling = this.settings.quietPeriod();
		return (floor.compareTo(ceiling) >= 0) ? ShutdownReportTable.duration(ceiling)
				: "a quiet period adapted to the traffic, " + ShutdownReportTable.duration(floor) + " to "
						+ ShutdownReportTable.duration(ceiling);
	}

	private void refuseTraffic() {
		// A web server context publishes this before closing; other contexts may not.
		if (this.availability != null
				&& this.availability.getReadinessState() != ReadinessState.REFUSING_TRAFFIC) {
			AvailabilityChangeEvent.publish(this.context, ReadinessState.REFUSING_TRAFFIC);
		}
	}

	private static String describe(boolean quietReached, long elapsedNanos, long served, int ended,
			long overshootNanos, QuietRule.Quiet quiet, @Nullable Duration heldByMinDelay) {
		StringBuilder detail = new StringBuilder();
		if (served == 0 && elapsedNanos < 1_000_000) {
			detail.append("idle, no wait");
		}
		else {
			detail.append(quietReached ? "traffic stopped" : "max delay reached, traffic continued")
				.append("; ")
				.append(served)
				.append(served == 1 ? " request" : " requests")
				.append(" served; overshoot ")
				.append(QuietRule.human(overshootNanos))
				.append("; quiet ")
				.append(QuietRule.human(quiet.nanos()))
				.append(" (")
				.append(quiet.reason())
				.append(")");
			if (heldByMinDelay != null) {
				detail.append("; held to min-delay ").append(ShutdownReportTable.duration(heldByMinDelay));
			}
		}
		if (ended > 0) {
			detail.append("; ").append(ended).append(" long-lived ended");
		}
		return detail.toString();
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public boolean supportsAsyncExecution() {
		return false;
	}

}

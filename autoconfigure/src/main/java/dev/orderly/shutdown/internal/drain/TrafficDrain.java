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
 * delays. The quiet period adapts to the traffic ({@link QuietRule}), and with a balancer
 * failure threshold shrinks to its floor once every prober has seen the instance out of
 * service ({@link ReadinessProbeFailures}). It runs right after the run begins, before
 * Spring's executors start their early shutdown and before any lifecycle phase stops.
 */
public final class TrafficDrain implements ApplicationListener<ContextClosedEvent>, Ordered {

	/** Right after {@code ContextClosedTrigger}, which begins the run. */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1;

	/**
	 * How often the drain looks again at what it observes while the quiet period adapts (new
	 * arrivals may shorten it) or it waits for the balancer's signal: a tenth of the default
	 * floor of the quiet period, so the drain ends at most that late. The loop reads a few
	 * counters; requests pay nothing for it.
	 */
	private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private static final Log logger = LogFactory.getLog(TrafficDrain.class);

	private final StageRecorder stages;

	private final InFlightRequests requests;

	private final ReadinessProbeFailures probeFailures;

	private final LongLivedResponsesAtDrain longLivedResponses;

	private final StagePlan.Drain settings;

	private final ApplicationContext context;

	private final @Nullable ApplicationAvailability availability;

	private final QuietRule rule;

	public TrafficDrain(StageRecorder stages, InFlightRequests requests, ReadinessProbeFailures probeFailures,
			LongLivedResponsesAtDrain longLivedResponses, StagePlan.Drain settings, ApplicationContext context,
			@Nullable ApplicationAvailability availability) {
		this.stages = stages;
		this.requests = requests;
		this.probeFailures = probeFailures;
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
		Run run = new Run(System.nanoTime(), recording.deadlineNanos());
		logger.info("Draining: readiness is REFUSING_TRAFFIC; serving with 'Connection: close' until no request has "
				+ "arrived for " + quietDescription() + " (at least "
				+ ShutdownReportTable.duration(this.settings.minDelay()) + ", at most "
				+ ShutdownReportTable.duration(this.settings.maxDelay()) + ")");
		long now = run.start;
		QuietRule.Quiet quiet = run.quiet(now);
		while (now < run.latest && !(now >= run.earliest && now >= run.quietAt(quiet))) {
			// Sleep until the drain could end; an arrival meanwhile moves that point on. An
			// adaptive quiet period may also shrink with more arrivals, and the balancer's
			// signal may come: then look again soon.
			long wake = Math.min(run.latest, Math.max(run.earliest, run.quietAt(quiet)));
			if (run.mayEndSooner()) {
				wake = Math.min(wake, now + RECHECK_NANOS);
			}
			LockSupport.parkNanos(Math.max(wake - now, 1_000_000));
			if (Thread.interrupted()) {
				Thread.currentThread().interrupt();
				break;
			}
			now = System.nanoTime();
			quiet = run.quiet(now);
		}
		boolean quietReached = now >= run.quietAt(quiet);
		// from the recorded arrival time, up to 1 ms before the last arrival: never less than
		// the true overshoot, at most 1 ms more
		long overshoot = now - Math.max(run.start, this.requests.lastArrival());
		int ended = this.longLivedResponses.endAll();
		Map<String, Long> counts = new LinkedHashMap<>();
		long served = this.requests.servedDuringDrain();
		counts.put(StagePlan.Drain.REQUESTS_SERVED, served);
		counts.put("long-lived.ended", (long) ended);
		counts.put(StagePlan.Drain.OVERSHOOT_MS, TimeUnit.NANOSECONDS.toMillis(overshoot));
		StringBuilder detail = new StringBuilder();
		if (served == 0 && now - run.start < 1_000_000) {
			detail.append("idle, no wait");
		}
		else {
			detail.append(quietReached ? "traffic stopped" : "max delay reached, traffic continued")
				.append("; ")
				.append(served)
				.append((served == 1) ? " request" : " requests")
				.append(" served; overshoot ")
				.append(QuietRule.human(overshoot))
				.append("; quiet ")
				.append(QuietRule.human(quiet.nanos()))
				.append(" (")
				.append(quiet.reason())
				.append(")");
			if (quietReached && run.earliest > run.start && run.quietAt(quiet) < run.earliest) {
				detail.append("; held to min-delay ").append(ShutdownReportTable.duration(this.settings.minDelay()));
			}
			run.describeProbes(detail);
		}
		if (ended > 0) {
			detail.append("; ").append(ended).append(" long-lived ended");
		}
		recording.end(quietReached ? ShutdownOutcome.COMPLETED : ShutdownOutcome.TIMED_OUT, detail.toString(), counts);
		if (!quietReached) {
			logger.warn("Drain ended at its max delay while requests kept arriving: is the load balancer still "
					+ "routing to this instance? Raise orderly.shutdown.drain.max-delay if it needs longer.");
		}
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

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public boolean supportsAsyncExecution() {
		return false;
	}

	/**
	 * One drain: its bounds, and when the balancer's signal was first seen.
	 */
	private final class Run {

		private static final long NOT_YET = Long.MIN_VALUE;

		final long start;

		final long earliest;

		final long latest;

		private final @Nullable Integer threshold = TrafficDrain.this.settings.balancerFailureThreshold();

		/** When every prober was first seen failed: in-transit requests count from then. */
		private long balancerStoppedAt = NOT_YET;

		Run(long start, long deadline) {
			this.start = start;
			this.earliest = start + TrafficDrain.this.settings.minDelay().toNanos();
			this.latest = Math.min(start + TrafficDrain.this.settings.maxDelay().toNanos(), deadline);
		}

		/**
		 * The silence the drain needs now, from what it has observed so far.
		 */
		QuietRule.Quiet quiet(long now) {
			InFlightRequests requests = TrafficDrain.this.requests;
			long last = requests.lastArrival();
			// counted to the bound of the last arrival: a longer span, a longer mean gap
			long span = (last == Long.MIN_VALUE) ? 0
					: Math.max(0, last + InFlightRequests.ARRIVAL_RESOLUTION_NANOS - this.start);
			QuietRule.Traffic traffic = new QuietRule.Traffic(requests.servedDuringDrain(), span,
					requests.longestRecentGap(now));
			QuietRule.Probes probes = null;
			if (this.threshold != null) {
				ReadinessProbeFailures failures = TrafficDrain.this.probeFailures;
				probes = new QuietRule.Probes(failures.probers(), failures.everyProberFailed(this.threshold));
				if (probes.everyProberFailed() && this.balancerStoppedAt == NOT_YET) {
					this.balancerStoppedAt = now;
				}
			}
			return TrafficDrain.this.rule.quietPeriod(traffic, probes);
		}

		/**
		 * When the silence reaches the quiet period: counted from the last arrival, and, on
		 * the balancer's signal, from the moment it was seen too, so that requests the
		 * balancer sent before it stopped have arrived.
		 */
		long quietAt(QuietRule.Quiet quiet) {
			long quietAt = TrafficDrain.this.requests.quietUntil(quiet.nanos());
			return quiet.balancerStopped() ? Math.max(quietAt, this.balancerStoppedAt + quiet.nanos()) : quietAt;
		}

		/**
		 * Whether the end may come sooner than the quiet period now asks for: the quiet
		 * period adapts, or the balancer's signal may come.
		 */
		boolean mayEndSooner() {
			return TrafficDrain.this.settings.minQuietPeriod().compareTo(TrafficDrain.this.settings.quietPeriod()) < 0
					|| (this.threshold != null && this.balancerStoppedAt == NOT_YET);
		}

		void describeProbes(StringBuilder detail) {
			if (this.threshold == null || this.balancerStoppedAt != NOT_YET) {
				return;
			}
			Map<String, Integer> failures = TrafficDrain.this.probeFailures.failuresByProber();
			if (failures.isEmpty()) {
				detail.append("; no readiness probe seen");
				logger.warn("orderly.shutdown.drain.balancer-failure-threshold is set, but no readiness probe reached "
						+ "the application during the drain: probes sent to the management port "
						+ "(management.server.port) or to a path that is not a health endpoint are not seen. "
						+ "The drain ended by the traffic alone.");
			}
			else {
				long failed = failures.values().stream().filter((count) -> count >= this.threshold).count();
				detail.append("; ")
					.append(failed)
					.append(" of ")
					.append(failures.size())
					.append((failures.size() == 1) ? " prober" : " probers")
					.append(" saw ")
					.append(this.threshold)
					.append((this.threshold == 1) ? " failure" : " failures");
			}
		}

	}

}

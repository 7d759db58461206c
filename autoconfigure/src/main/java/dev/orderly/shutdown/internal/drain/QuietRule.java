package dev.orderly.shutdown.internal.drain;

import java.time.Duration;

import dev.orderly.shutdown.internal.report.ShutdownReportTable;
import org.jspecify.annotations.Nullable;

/**
 * How long the silence must last for the drain to end: S, adapted to the traffic the
 * instance saw, between {@code min-quiet-period} (the floor) and {@code quiet-period} (the
 * ceiling).
 * <ul>
 * <li>Fewer than {@link #MIN_ARRIVALS} requests during the drain: too little evidence,
 * S = the ceiling (sparse traffic keeps the fixed rule).</li>
 * <li>Otherwise S = max({@link #MEAN_GAP_FACTOR} x the mean gap between the drain's arrivals,
 * {@link #LONGEST_GAP_FACTOR} x the longest gap of the last 10 to 20 s), within floor and
 * ceiling. The first makes a silence that long improbable for steady traffic: for Poisson
 * arrivals at rate r, a gap of at least S occurs at a rate of r e^(-rS), at most
 * r e^(-10) = r x 4.5e-5 per second. The second keeps bursty traffic from ending the drain
 * in a pause: S is at least twice any pause seen before or during the drain.</li>
 * <li>With a balancer failure threshold, once every prober has seen that many failures
 * the balancer has stopped routing here: S = the floor (only what was in transit is left).
 * Before that, or with no prober seen, the rule above.</li>
 * </ul>
 * Floor equal to ceiling: the fixed rule, S = {@code quiet-period}, always.
 */
final class QuietRule {

	/** Fewest arrivals during the drain whose rate the rule trusts. */
	static final int MIN_ARRIVALS = 10;

	/** Multiple of the mean gap: 10 expected arrivals missed, e^(-10) for a Poisson stream. */
	static final int MEAN_GAP_FACTOR = 10;

	/** Multiple of the longest recent gap: twice any pause of bursty traffic. */
	static final int LONGEST_GAP_FACTOR = 2;

	private final long floorNanos;

	private final long ceilingNanos;

	private final @Nullable Integer balancerFailureThreshold;

	QuietRule(Duration floor, Duration ceiling, @Nullable Integer balancerFailureThreshold) {
		this.floorNanos = Math.min(floor.toNanos(), ceiling.toNanos());
		this.ceilingNanos = ceiling.toNanos();
		this.balancerFailureThreshold = balancerFailureThreshold;
	}

	/**
	 * The silence that ends the drain, given what the drain has observed.
	 * @param traffic the drain's arrivals and the recent gaps
	 * @param probes what the balancer's readiness probes showed, or {@code null} when no
	 * threshold is set
	 * @return S and why
	 */
	Quiet quietPeriod(Traffic traffic, @Nullable Probes probes) {
		if (this.floorNanos == this.ceilingNanos) {
			return new Quiet(this.ceilingNanos, false, "quiet-period");
		}
		if (probes != null && probes.probers() > 0 && probes.everyProberFailed()) {
			return new Quiet(this.floorNanos, true, "balancer stopped routing: " + probes.probers()
					+ ((probes.probers() == 1) ? " prober" : " probers") + " saw " + this.balancerFailureThreshold
					+ ((this.balancerFailureThreshold == 1) ? " failure" : " failures"));
		}
		if (traffic.arrivals() < MIN_ARRIVALS) {
			return new Quiet(this.ceilingNanos, false, "quiet-period, " + traffic.arrivals()
					+ ((traffic.arrivals() == 1) ? " request" : " requests") + " too few to adapt");
		}
		long meanGap = traffic.spanNanos() / traffic.arrivals();
		long fromMean = saturatedTimes(MEAN_GAP_FACTOR, meanGap);
		long fromLongest = saturatedTimes(LONGEST_GAP_FACTOR, traffic.longestGapNanos());
		String reason = (fromMean >= fromLongest)
				? MEAN_GAP_FACTOR + " x mean gap " + human(meanGap)
				: LONGEST_GAP_FACTOR + " x longest gap " + human(traffic.longestGapNanos());
		long wanted = Math.max(fromMean, fromLongest);
		if (wanted <= this.floorNanos) {
			return new Quiet(this.floorNanos, false, "min-quiet-period, above " + reason);
		}
		if (wanted >= this.ceilingNanos) {
			return new Quiet(this.ceilingNanos, false, "quiet-period, below " + reason);
		}
		return new Quiet(wanted, false, reason);
	}

	private static long saturatedTimes(int factor, long nanos) {
		return (nanos > Long.MAX_VALUE / factor) ? Long.MAX_VALUE : factor * nanos;
	}

	static String human(long nanos) {
		return ShutdownReportTable.duration(Duration.ofNanos(nanos));
	}

	/**
	 * What the drain saw of the traffic.
	 *
	 * @param arrivals application requests that arrived since the drain began
	 * @param spanNanos time from the drain's start to the last of them
	 * @param longestGapNanos longest gap between arrivals of the last 10 to 20 s, the time
	 * before the drain included
	 */
	record Traffic(long arrivals, long spanNanos, long longestGapNanos) {
	}

	/**
	 * What the balancer's readiness probes showed since the drain began.
	 *
	 * @param probers the clients whose probes were answered "out of service"
	 * @param everyProberFailed whether each of them saw the threshold's number of failures
	 */
	record Probes(int probers, boolean everyProberFailed) {
	}

	/**
	 * The silence that ends the drain.
	 *
	 * @param nanos its length
	 * @param balancerStopped whether it is the floor because the balancer has stopped routing
	 * here, so that the silence counts from when that was seen too
	 * @param reason which rule set it, for the report, such as {@code 2 x longest gap 59 ms}
	 * or {@code quiet-period, 3 requests too few to adapt}
	 */
	record Quiet(long nanos, boolean balancerStopped, String reason) {
	}

}

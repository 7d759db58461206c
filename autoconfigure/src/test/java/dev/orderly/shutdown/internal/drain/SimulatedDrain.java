package dev.orderly.shutdown.internal.drain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A drain replayed over synthetic arrival times, with the observations {@link TrafficDrain}
 * gives the {@link QuietRule}: the arrivals since the drain began, the time they span, and
 * the longest recent gap as {@link RecentLongestGap} records it. After each arrival the
 * drain would end once the silence reaches the quiet period the rule asks for then, unless
 * the next arrival comes first.
 */
final class SimulatedDrain {

	private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

	/** Far from zero, as {@link System#nanoTime()} may be, and on no bucket boundary. */
	static final long ORIGIN = 123_456_789_000L;

	private final QuietRule rule;

	private final long drainStart;

	private final List<Long> arrivals;

	private SimulatedDrain(QuietRule rule, long drainStart, List<Long> arrivals) {
		this.rule = rule;
		this.drainStart = drainStart;
		this.arrivals = arrivals;
	}

	/**
	 * @param floor the {@code min-quiet-period}
	 * @param ceiling the {@code quiet-period}
	 * @param drainStartMillis when the drain starts, after {@link #ORIGIN}
	 * @param arrivalMillis the arrival times after {@link #ORIGIN}, in order
	 */
	static SimulatedDrain of(Duration floor, Duration ceiling, double drainStartMillis, List<Double> arrivalMillis) {
		return new SimulatedDrain(new QuietRule(floor, ceiling, null), at(drainStartMillis),
				arrivalMillis.stream().map(SimulatedDrain::at).toList());
	}

	static SimulatedDrain of(double drainStartMillis, List<Double> arrivalMillis) {
		return of(Duration.ofMillis(100), Duration.ofSeconds(1), drainStartMillis, arrivalMillis);
	}

	private static long at(double millis) {
		return ORIGIN + Math.round(millis * MS);
	}

	/**
	 * The quiet period the rule asks for just after the last arrival at or before the time.
	 * @param millis the time after {@link #ORIGIN}
	 * @param probes what the balancer's probes showed
	 * @return the quiet period
	 */
	QuietRule.Quiet quietAt(double millis, QuietRule.@Nullable Probes probes) {
		Replay replay = new Replay();
		while (replay.next < this.arrivals.size() && this.arrivals.get(replay.next) <= at(millis)) {
			replay.arrive();
		}
		return replay.quiet(at(millis), probes);
	}

	/**
	 * The quiet periods the rule asks for after each arrival during the drain.
	 * @return their lengths in milliseconds
	 */
	List<Double> quietPeriodsDuringTheDrain() {
		List<Double> quiet = new ArrayList<>();
		Replay replay = new Replay().untilTheDrain();
		while (replay.next < this.arrivals.size()) {
			long now = replay.arrive();
			quiet.add(replay.quiet(now, null).nanos() / (double) MS);
		}
		return quiet;
	}

	/**
	 * When the drain ends (no min or max delay): once the silence since the last arrival,
	 * or since its start, is as long as the rule asks for then, unless an arrival comes
	 * first.
	 * @return the end, in milliseconds after {@link #ORIGIN}
	 */
	double end() {
		Replay replay = new Replay().untilTheDrain();
		long now = this.drainStart;
		while (true) {
			long end = (replay.last == Long.MIN_VALUE) ? this.drainStart
					: Math.max(this.drainStart, replay.last + replay.quiet(now, null).nanos());
			if (replay.next == this.arrivals.size() || this.arrivals.get(replay.next) > end) {
				return (end - ORIGIN) / (double) MS;
			}
			now = replay.arrive();
		}
	}

	/**
	 * The time of the last arrival at or before a time.
	 * @param millis the time after {@link #ORIGIN}
	 * @return milliseconds after {@link #ORIGIN}
	 */
	double lastArrivalBefore(double millis) {
		long end = at(millis);
		return (this.arrivals.stream().filter((arrival) -> arrival <= end).reduce((a, b) -> b).orElseThrow() - ORIGIN)
				/ (double) MS;
	}

	/** The arrivals fed one by one to what the drain observes. */
	private final class Replay {

		private final RecentLongestGap gaps = new RecentLongestGap();

		private long drainArrivals;

		private long last = Long.MIN_VALUE;

		private int next;

		Replay untilTheDrain() {
			while (this.next < SimulatedDrain.this.arrivals.size()
					&& SimulatedDrain.this.arrivals.get(this.next) < SimulatedDrain.this.drainStart) {
				arrive();
			}
			return this;
		}

		long arrive() {
			long arrival = SimulatedDrain.this.arrivals.get(this.next++);
			if (this.last != Long.MIN_VALUE) {
				this.gaps.record(arrival, arrival - this.last);
			}
			if (arrival >= SimulatedDrain.this.drainStart) {
				this.drainArrivals++;
			}
			this.last = arrival;
			return arrival;
		}

		QuietRule.Quiet quiet(long now, QuietRule.@Nullable Probes probes) {
			long span = (this.last == Long.MIN_VALUE) ? 0 : Math.max(0, this.last - SimulatedDrain.this.drainStart);
			return SimulatedDrain.this.rule
				.quietPeriod(new QuietRule.Traffic(this.drainArrivals, span, this.gaps.longest(now)), probes);
		}

	}

	/** Arrivals every {@code gapMillis} from 0 to {@code untilMillis}. */
	static List<Double> steady(double gapMillis, double untilMillis) {
		List<Double> arrivals = new ArrayList<>();
		for (double t = 0; t <= untilMillis; t += gapMillis) {
			arrivals.add(t);
		}
		return arrivals;
	}

	/** Poisson arrivals at {@code perSecond} from 0 to {@code untilMillis}. */
	static List<Double> poisson(double perSecond, double untilMillis, Random random) {
		List<Double> arrivals = new ArrayList<>();
		for (double t = 0; t <= untilMillis; t += -Math.log(1 - random.nextDouble()) * 1000 / perSecond) {
			arrivals.add(t);
		}
		return arrivals;
	}

	/**
	 * Bursts of {@code size} requests {@code spacingMillis} apart, each followed by a pause,
	 * from 0 to {@code untilMillis}.
	 */
	static List<Double> bursts(int size, double spacingMillis, double pauseMillis, double untilMillis) {
		List<Double> arrivals = new ArrayList<>();
		double t = 0;
		while (t <= untilMillis) {
			for (int i = 0; i < size && t <= untilMillis; i++) {
				arrivals.add(t);
				t += spacingMillis;
			}
			t += pauseMillis - spacingMillis;
		}
		return arrivals;
	}

}

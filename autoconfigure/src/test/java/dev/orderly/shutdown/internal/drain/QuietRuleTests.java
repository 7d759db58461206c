package dev.orderly.shutdown.internal.drain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The adaptive quiet period on synthetic arrival times (see {@link SimulatedDrain}): short
 * under steady traffic, the full quiet period for sparse traffic, at least twice the pauses
 * of bursty traffic, the floor once the balancer has stopped probing.
 */
class QuietRuleTests {

	private static final Duration FLOOR = Duration.ofMillis(100);

	private static final Duration CEILING = Duration.ofSeconds(1);

	@Test
	void steadyTrafficAt200PerSecondNeedsOnlyTheFloor() {
		// 20 s of traffic, the drain begins at 19 s and the balancer stops routing at 20 s
		SimulatedDrain drain = SimulatedDrain.of(19_000, SimulatedDrain.steady(5, 20_000));
		assertThat(drain.quietPeriodsDuringTheDrain().subList(10, 190)).containsOnly(100.0);
		assertThat(drain.quietAt(20_000, null).reason()).isEqualTo("min-quiet-period, above 10 x mean gap 4 ms");
		assertThat(drain.end()).isCloseTo(20_100, within(1.0));
	}

	@Test
	void steadyTrafficAt50PerSecondNeedsTenMeanGaps() {
		SimulatedDrain drain = SimulatedDrain.of(19_000, SimulatedDrain.steady(20, 20_000));
		assertThat(drain.quietPeriodsDuringTheDrain().subList(10, 50)).allSatisfy(
				(quiet) -> assertThat(quiet).isBetween(180.0, 200.0));
		assertThat(drain.quietAt(20_000, null).reason()).startsWith("10 x mean gap 19 ms");
		assertThat(drain.end()).isCloseTo(20_196, within(2.0));
	}

	@Test
	void poissonTrafficAt50And200PerSecondNeverEndsTheDrainWhileTheBalancerStillRoutesAndOvershootsLittle() {
		Random random = new Random(13);
		for (int perSecond : List.of(50, 200)) {
			List<Double> overshoots = new ArrayList<>();
			for (int run = 0; run < 200; run++) {
				// the balancer routes for 1 s after the drain begins, then stops
				SimulatedDrain drain = SimulatedDrain.of(19_000, SimulatedDrain.poisson(perSecond, 20_000, random));
				double end = drain.end();
				assertThat(end).as("%d/s, run %d", perSecond, run).isGreaterThan(20_000);
				overshoots.add(end - drain.lastArrivalBefore(end));
			}
			overshoots.sort(null);
			double median = overshoots.get(overshoots.size() / 2);
			// expected medians: 2 x the longest of ~750 gaps at 50/s (about 280 ms), the floor at 200/s
			assertThat(median).as("median overshoot at %d/s", perSecond)
				.isBetween(100.0, (perSecond == 50) ? 330.0 : 110.0);
		}
	}

	@Test
	void sparseTrafficKeepsTheFullQuietPeriod() {
		// a request every 200 ms: 9 during the drain's first 1.8 s, too few to adapt
		SimulatedDrain drain = SimulatedDrain.of(19_000, SimulatedDrain.steady(200, 19_800));
		assertThat(drain.quietPeriodsDuringTheDrain()).hasSize(5).containsOnly(1000.0);
		assertThat(drain.quietAt(19_800, null).reason()).isEqualTo("quiet-period, 5 requests too few to adapt");
		assertThat(drain.end()).isCloseTo(20_800, within(1.0));
	}

	@Test
	void burstsWithPausesNeedTwiceThePauseEvenWhenTheDrainStartsInsideABurst() {
		// bursts of 50 requests 2 ms apart, then 400 ms pauses, for 30 s
		List<Double> bursts = SimulatedDrain.bursts(50, 2, 400, 30_000);
		// the drain begins at the 10th request of the burst after 20 s, and lasts for 10 bursts
		double drainStart = bursts.stream().filter((t) -> t >= 20_000).skip(9).findFirst().orElseThrow();
		SimulatedDrain drain = SimulatedDrain.of(drainStart, bursts);
		assertThat(drain.quietPeriodsDuringTheDrain()).allSatisfy((quiet) -> assertThat(quiet).isGreaterThanOrEqualTo(800));
		assertThat(drain.quietAt(25_000, null).reason()).isEqualTo("2 x longest gap 400 ms");
		// it ends only after the last burst
		assertThat(drain.end()).isGreaterThan(30_000);
	}

	@Test
	void pausesLongerThanHalfTheQuietPeriodNeedTheFullQuietPeriod() {
		SimulatedDrain drain = SimulatedDrain.of(20_000, SimulatedDrain.bursts(50, 2, 700, 30_000));
		assertThat(drain.quietAt(25_000, null).nanos()).isEqualTo(CEILING.toNanos());
		assertThat(drain.quietAt(25_000, null).reason()).isEqualTo("quiet-period, below 2 x longest gap 700 ms");
	}

	@Test
	void aFloorEqualToTheCeilingIsTheFixedQuietPeriod() {
		SimulatedDrain drain = SimulatedDrain.of(CEILING, CEILING, 19_000, SimulatedDrain.steady(5, 20_000));
		assertThat(drain.quietPeriodsDuringTheDrain()).containsOnly(1000.0);
		assertThat(drain.quietAt(20_000, null).reason()).isEqualTo("quiet-period");
	}

	@Test
	void onceEveryProberSawTheThresholdTheFloorIsEnough() {
		QuietRule rule = new QuietRule(FLOOR, CEILING, 3);
		QuietRule.Traffic steady = new QuietRule.Traffic(50, Duration.ofSeconds(1).toNanos(),
				Duration.ofMillis(300).toNanos());
		QuietRule.Quiet stopped = rule.quietPeriod(steady, new QuietRule.Probes(2, true));
		assertThat(stopped.nanos()).isEqualTo(FLOOR.toNanos());
		assertThat(stopped.reason()).isEqualTo("balancer stopped routing: 2 probers saw 3 failures");
	}

	@Test
	void whileAProberHasNotSeenTheThresholdOrNoneWasSeenTheAdaptiveRuleApplies() {
		QuietRule rule = new QuietRule(FLOOR, CEILING, 3);
		QuietRule.Traffic steady = new QuietRule.Traffic(50, Duration.ofSeconds(1).toNanos(),
				Duration.ofMillis(300).toNanos());
		QuietRule.Quiet adaptive = rule.quietPeriod(steady, null);
		assertThat(adaptive.nanos()).isEqualTo(Duration.ofMillis(600).toNanos());
		assertThat(adaptive.reason()).isEqualTo("2 x longest gap 300 ms");
		assertThat(rule.quietPeriod(steady, new QuietRule.Probes(2, false))).isEqualTo(adaptive);
		assertThat(rule.quietPeriod(steady, new QuietRule.Probes(0, false))).isEqualTo(adaptive);
	}

}

package dev.orderly.shutdown.internal.drain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ReadinessProbeFailures}: the balancers' view of the drain, per prober.
 */
class ReadinessProbeFailuresTests {

	private final InFlightRequests requests = new InFlightRequests();

	private final ReadinessProbeFailures failures = new ReadinessProbeFailures(this.requests);

	@Test
	void nothingIsRecordedBeforeTheDrainBegins() {
		this.failures.failed("10.0.0.1");
		this.failures.answered("10.0.0.2", 200);
		assertThat(this.failures.probers()).isZero();
		assertThat(this.failures.failuresByProber()).isEmpty();
		this.requests.startDraining();
		this.failures.failed("10.0.0.1");
		assertThat(this.failures.failuresByProber()).containsExactly(Map.entry("10.0.0.1", 1));
	}

	@Test
	void noProberSeenIsNeverEveryProberFailed() {
		this.requests.startDraining();
		assertThat(this.failures.everyProberFailed(1)).isFalse();
	}

	@Test
	void everyProberFailedOnceEachOfSeveralHasReachedTheThreshold() {
		this.requests.startDraining();
		this.failures.failed("10.0.0.1");
		this.failures.failed("10.0.0.2");
		this.failures.failed("10.0.0.3");
		assertThat(this.failures.everyProberFailed(1)).isTrue();
		assertThat(this.failures.everyProberFailed(2)).isFalse();
		this.failures.failed("10.0.0.1");
		this.failures.failed("10.0.0.2");
		assertThat(this.failures.everyProberFailed(2)).as("10.0.0.3 has failed once only").isFalse();
		this.failures.failed("10.0.0.3");
		assertThat(this.failures.everyProberFailed(2)).isTrue();
		assertThat(this.failures.probers()).isEqualTo(3);
		assertThat(this.failures.failuresByProber()).containsExactly(Map.entry("10.0.0.1", 2), Map.entry("10.0.0.2", 2),
				Map.entry("10.0.0.3", 2));
	}

	@Test
	void aProberWhoseChecksAreAnsweredInServiceHoldsTheSignalBack() {
		this.requests.startDraining();
		this.failures.failed("10.0.0.1");
		this.failures.failed("10.0.0.1");
		this.failures.answered("10.0.0.9", 200);
		this.failures.answered("10.0.0.9", 200);
		assertThat(this.failures.everyProberFailed(2)).isFalse();
		assertThat(this.failures.probers()).isEqualTo(2);
		assertThat(this.failures.failuresByProber()).containsExactly(Map.entry("10.0.0.1", 2), Map.entry("10.0.0.9", 0));
	}

	@Test
	void aProberThatStoppedCheckingBeforeTheThresholdHoldsTheSignalBack() {
		this.requests.startDraining();
		this.failures.failed("10.0.0.1");
		this.failures.failed("10.0.0.2");
		for (int i = 0; i < 10; i++) {
			this.failures.failed("10.0.0.1");
		}
		assertThat(this.failures.everyProberFailed(2)).isFalse();
	}

	@Test
	void moreAddressesThanAnyBalancerSetupHasNeverGiveTheSignal() {
		this.requests.startDraining();
		for (int i = 0; i <= ReadinessProbeFailures.MAX_PROBERS; i++) {
			this.failures.failed("10.0." + (i / 250) + "." + (i % 250));
			this.failures.failed("10.0." + (i / 250) + "." + (i % 250));
		}
		assertThat(this.failures.probers()).isEqualTo(ReadinessProbeFailures.MAX_PROBERS);
		assertThat(this.failures.everyProberFailed(1)).isFalse();
	}

	@Test
	void failuresFromManyThreadsAreAllCounted() throws Exception {
		this.requests.startDraining();
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			Thread thread = new Thread(() -> {
				for (int i = 0; i < 10_000; i++) {
					this.failures.failed("10.0.0." + (i % 3));
				}
			});
			threads.add(thread);
			thread.start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		// each thread: 3,334 failures from 10.0.0.0, 3,333 from each of the others
		assertThat(this.failures.failuresByProber()).containsExactly(Map.entry("10.0.0.0", 13_336),
				Map.entry("10.0.0.1", 13_332), Map.entry("10.0.0.2", 13_332));
	}

}

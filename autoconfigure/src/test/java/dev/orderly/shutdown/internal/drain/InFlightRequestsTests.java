package dev.orderly.shutdown.internal.drain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link InFlightRequests} under real threads: the counts stay exact and the quiet-period
 * checks stay conservative, although a request writes no shared memory but striped counters
 * and, at most about once a millisecond, the arrival time.
 */
class InFlightRequestsTests {

	private static final long QUIET = TimeUnit.MILLISECONDS.toNanos(3);

	private static final long RESOLUTION = InFlightRequests.ARRIVAL_RESOLUTION_NANOS;

	private final InFlightRequests requests = new InFlightRequests();

	@Test
	void nothingArrivedMeansNothingInFlightAndQuietAtOnce() {
		assertThat(this.requests.inFlight()).isZero();
		assertThat(this.requests.quietSince(System.nanoTime(), QUIET)).isTrue();
		assertThat(this.requests.quietUntil(QUIET)).isEqualTo(Long.MIN_VALUE);
	}

	@Test
	void countsAreExactAfterManyThreadsArriveAndFinishConcurrently() throws Exception {
		int threads = 8;
		concurrently(threads, (thread) -> {
			for (int i = 0; i < 20_000; i++) {
				this.requests.arrived();
				this.requests.finished();
			}
			for (int i = 0; i < 3; i++) {
				this.requests.arrived();
			}
		});
		assertThat(this.requests.inFlight()).isEqualTo(threads * 3);
		concurrently(threads, (thread) -> {
			for (int i = 0; i < 3; i++) {
				this.requests.finished();
			}
		});
		assertThat(this.requests.inFlight()).isZero();
	}

	@Test
	void aReaderNeverSeesFewerThanTheRequestsThatStayInFlightWhileOthersStartAndEnd() throws Exception {
		int longRunning = 5;
		for (int i = 0; i < longRunning; i++) {
			this.requests.arrived();
		}
		AtomicBoolean done = new AtomicBoolean();
		AtomicLong lowest = new AtomicLong(Long.MAX_VALUE);
		Thread reader = new Thread(() -> {
			while (!done.get()) {
				lowest.accumulateAndGet(this.requests.inFlight(), Math::min);
			}
		});
		reader.start();
		// A request may finish on another thread than the one it arrived on, as on Reactor Netty.
		concurrently(4, (thread) -> {
			for (int i = 0; i < 200_000; i++) {
				this.requests.arrived();
				this.requests.finished();
			}
		});
		done.set(true);
		reader.join(Duration.ofSeconds(30).toMillis());
		assertThat(lowest.get()).isGreaterThanOrEqualTo(longRunning);
		assertThat(this.requests.inFlight()).isEqualTo(longRunning);
	}

	@Test
	void onlyArrivalsAfterTheDrainBeganCountAsServedDuringIt() {
		this.requests.arrived();
		this.requests.startDraining();
		this.requests.arrived();
		this.requests.arrived();
		this.requests.finished();
		assertThat(this.requests.isDraining()).isTrue();
		assertThat(this.requests.servedDuringDrain()).isEqualTo(2);
		assertThat(this.requests.inFlight()).isEqualTo(2);
	}

	@Test
	void reportsQuietNotBeforeTheQuietPeriodAfterAnArrivalAndAtMostOneResolutionLate() {
		long before = System.nanoTime();
		this.requests.arrived();
		long after = System.nanoTime();
		assertThat(this.requests.quietSince(before + QUIET - 1, QUIET)).isFalse();
		assertThat(this.requests.quietSince(after + QUIET + RESOLUTION, QUIET)).isTrue();
		assertThat(this.requests.quietUntil(QUIET)).isBetween(before + QUIET, after + QUIET + RESOLUTION);
	}

	@Test
	void theLongestRecentGapIsNeverShorterThanTheSilenceAndTheLastArrivalNeverLater() {
		long beforeFirst = System.nanoTime();
		this.requests.arrived();
		long afterFirst = System.nanoTime();
		LockSupport.parkNanos(30 * RESOLUTION);
		// many arrivals within the resolution after the gap: only one records it
		long beforeBurst = System.nanoTime();
		for (int i = 0; i < 1000; i++) {
			this.requests.arrived();
		}
		long afterBurst = System.nanoTime();
		assertThat(this.requests.lastArrival()).isBetween(beforeBurst, afterBurst);
		long gap = this.requests.longestRecentGap(System.nanoTime());
		// at least the silence between the calls, at most the time from the first call to the
		// burst's end (plus the rounding up to the microsecond)
		assertThat(gap).isGreaterThanOrEqualTo(beforeBurst - afterFirst)
			.isLessThanOrEqualTo(afterBurst - beforeFirst + 1_000);
	}

	@Test
	void quietUntilMovesOnWithArrivals() {
		this.requests.arrived();
		long first = this.requests.quietUntil(QUIET);
		// Arrivals within the resolution do not write the time, but still count.
		long soon = System.nanoTime();
		this.requests.arrived();
		assertThat(this.requests.quietUntil(QUIET)).isGreaterThanOrEqualTo(soon + QUIET);
		LockSupport.parkNanos(5 * RESOLUTION);
		long later = System.nanoTime();
		this.requests.arrived();
		long second = this.requests.quietUntil(QUIET);
		assertThat(second).isGreaterThanOrEqualTo(later + QUIET).isGreaterThanOrEqualTo(first + 4 * RESOLUTION);
		assertThat(this.requests.quietSince(later + QUIET - 1, QUIET)).isFalse();
	}

	@Test
	void neverReportsQuietWithinTheQuietPeriodOfAnyArrivalWhileThreadsArrive() throws Exception {
		// Latest clock reading taken just before an arrived() that has returned.
		AtomicLong latestArrival = new AtomicLong(System.nanoTime());
		this.requests.arrived();
		AtomicBoolean done = new AtomicBoolean();
		List<String> violations = new ArrayList<>();
		long[] quietSeen = new long[1];
		Thread checker = new Thread(() -> {
			long previousUntil = this.requests.quietUntil(QUIET);
			Long tailEnd = null;
			while (tailEnd == null || System.nanoTime() - tailEnd < 0) {
				long latest = latestArrival.get();
				long until = this.requests.quietUntil(QUIET);
				long now = System.nanoTime();
				boolean quiet = this.requests.quietSince(now, QUIET);
				if (quiet) {
					quietSeen[0]++;
				}
				if (quiet && now - latest < QUIET) {
					violations.add("quiet " + (now - latest) + " ns after an arrival");
				}
				if (until - (latest + QUIET) < 0) {
					violations.add("quiet period ends " + (latest + QUIET - until) + " ns early");
				}
				if (until - previousUntil < 0) {
					violations.add("quietUntil moved back by " + (previousUntil - until) + " ns");
				}
				previousUntil = until;
				if (tailEnd == null && done.get()) {
					tailEnd = now + 4 * QUIET; // go on to see the quiet after the last arrival
				}
			}
		});
		checker.start();
		long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
		concurrently(2, (thread) -> {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			while (System.nanoTime() - end < 0) {
				long before = System.nanoTime();
				this.requests.arrived();
				latestArrival.accumulateAndGet(before, Math::max);
				this.requests.finished();
				// Bursts and pauses around the resolution and the quiet period.
				if (random.nextInt(4) == 0) {
					LockSupport.parkNanos(random.nextLong(2 * QUIET));
				}
			}
		});
		done.set(true);
		checker.join(Duration.ofSeconds(30).toMillis());
		assertThat(checker.isAlive()).isFalse();
		assertThat(violations).isEmpty();
		assertThat(quietSeen[0]).isPositive();
	}

	/**
	 * Runs the body on that many new threads at once and waits for all of them.
	 */
	private static void concurrently(int threads, IntConsumer body) throws InterruptedException {
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> started = new ArrayList<>();
		List<Throwable> failures = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			int index = i;
			Thread thread = new Thread(() -> {
				try {
					start.await();
					body.accept(index);
				}
				catch (Throwable ex) {
					synchronized (failures) {
						failures.add(ex);
					}
				}
			});
			thread.start();
			started.add(thread);
		}
		start.countDown();
		for (Thread thread : started) {
			thread.join(Duration.ofSeconds(60).toMillis());
			assertThat(thread.isAlive()).as("thread still running after 60 s").isFalse();
		}
		assertThat(failures).isEmpty();
	}

}

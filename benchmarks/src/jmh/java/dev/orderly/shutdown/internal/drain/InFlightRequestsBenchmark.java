package dev.orderly.shutdown.internal.drain;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The per-request bookkeeping of the in-flight filters: {@link InFlightRequests#arrived()}
 * plus {@link InFlightRequests#finished()} (once per application request) and
 * {@link InFlightRequests#isDraining()} (once or twice per request), now and before issue
 * 11 ({@link InFlightRequestsBeforeIssue11}, one shared counter and timestamp), side by
 * side in one run. One instance is shared by all benchmark threads ({@link Scope#Benchmark}),
 * as the filter's single instance is by all request threads, so with {@code -t 2} and more
 * the threads update the same bookkeeping. {@code draining=true} adds the drain's request
 * count (a {@code LongAdder} in both). Average time mode: ns per call and thread, so a cost
 * that stays flat as threads are added is one that scales.
 * <p>
 * In the starter's package because {@code startDraining()} is package-private.
 * {@link #nanoTime()} is the floor: {@code arrived()} reads the clock once, in both.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class InFlightRequestsBenchmark {

	@Benchmark
	public void arrivedAndFinished(Shared state) {
		state.current.arrived();
		state.current.finished();
	}

	@Benchmark
	public void arrivedAndFinishedBeforeIssue11(Shared state) {
		state.before.arrived();
		state.before.finished();
	}

	@Benchmark
	public boolean isDraining(Serving state) {
		return state.requests.isDraining();
	}

	@Benchmark
	public long nanoTime() {
		return System.nanoTime();
	}

	/**
	 * Both versions, each shared by all threads; a benchmark uses one of them, the other
	 * stays untouched.
	 */
	@State(Scope.Benchmark)
	public static class Shared {

		@Param({ "false", "true" })
		public boolean draining;

		InFlightRequests current;

		InFlightRequestsBeforeIssue11 before;

		@Setup
		public void setUp() {
			this.current = new InFlightRequests();
			this.before = new InFlightRequestsBeforeIssue11();
			if (this.draining) {
				this.current.startDraining();
				this.before.startDraining();
			}
		}

	}

	/**
	 * The starter's {@link InFlightRequests} before the drain; {@code isDraining()} is the
	 * same volatile read when draining (measured alike before issue 11), so not a parameter.
	 */
	@State(Scope.Benchmark)
	public static class Serving {

		final InFlightRequests requests = new InFlightRequests();

	}

}

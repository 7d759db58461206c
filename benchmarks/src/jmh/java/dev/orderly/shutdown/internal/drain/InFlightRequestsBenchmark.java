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
	public void arrivedAndFinished(Current state) {
		state.requests.arrived();
		state.requests.finished();
	}

	@Benchmark
	public void arrivedAndFinishedBeforeIssue11(Before state) {
		state.requests.arrived();
		state.requests.finished();
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
	 * The starter's {@link InFlightRequests}, shared by all threads.
	 */
	@State(Scope.Benchmark)
	public static class Current {

		@Param({ "false", "true" })
		public boolean draining;

		InFlightRequests requests;

		@Setup
		public void setUp() {
			this.requests = new InFlightRequests();
			if (this.draining) {
				this.requests.startDraining();
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

	/**
	 * The baseline, {@link InFlightRequestsBeforeIssue11}, shared by all threads.
	 */
	@State(Scope.Benchmark)
	public static class Before {

		@Param({ "false", "true" })
		public boolean draining;

		InFlightRequestsBeforeIssue11 requests;

		@Setup
		public void setUp() {
			this.requests = new InFlightRequestsBeforeIssue11();
			if (this.draining) {
				this.requests.startDraining();
			}
		}

	}

}

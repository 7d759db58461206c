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
 * The per-request bookkeeping of the in-flight filter: {@link InFlightRequests#arrived()}
 * plus {@link InFlightRequests#finished()} (once per application request) and
 * {@link InFlightRequests#isDraining()} (once or twice per request). One instance is shared
 * by all benchmark threads ({@link Scope#Benchmark}), as the filter's single instance is by
 * all request threads, so with {@code -t 2} both threads contend on the same counter and
 * timestamp. {@code draining=true} adds the drain's request count (a {@code LongAdder}).
 * <p>
 * In the starter's package because {@code startDraining()} is package-private.
 * {@link #nanoTime()} is the floor: {@code arrived()} reads the clock once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class InFlightRequestsBenchmark {

	@Param({ "false", "true" })
	public boolean draining;

	private InFlightRequests requests;

	@Setup
	public void setUp() {
		this.requests = new InFlightRequests();
		if (this.draining) {
			this.requests.startDraining();
		}
	}

	@Benchmark
	public void arrivedAndFinished() {
		this.requests.arrived();
		this.requests.finished();
	}

	@Benchmark
	public boolean isDraining() {
		return this.requests.isDraining();
	}

	@Benchmark
	public long nanoTime() {
		return System.nanoTime();
	}

}

package dev.orderly.shutdown.internal.drain;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bookkeeping of application requests: how many are in flight, when the last one arrived,
 * and how many arrived during the drain. Kept to a counter update and a timestamp per
 * request, since it sits on every request's path.
 * <p>
 * <b>Benchmark baseline, not used by the starter:</b> {@code InFlightRequests} as it was
 * on {@code main} at commit {@code 1bf0dab}, before issue 11 (one shared
 * {@code AtomicInteger} and one shared {@code volatile} timestamp written by every
 * request), copied verbatim but for the class name and this paragraph. Kept only so that
 * one JMH run measures it and the current {@link InFlightRequests} side by side.
 */
public final class InFlightRequestsBeforeIssue11 {

	private static final long NEVER = Long.MIN_VALUE;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final LongAdder servedDuringDrain = new LongAdder();

	private volatile long lastArrivalNanos = NEVER;

	private volatile boolean draining;

	/**
	 * Record a request's arrival.
	 */
	public void arrived() {
		this.inFlight.incrementAndGet();
		this.lastArrivalNanos = System.nanoTime();
		if (this.draining) {
			this.servedDuringDrain.increment();
		}
	}

	/**
	 * Record that a request has been answered.
	 */
	public void finished() {
		this.inFlight.decrementAndGet();
	}

	/**
	 * Number of application requests being handled now.
	 * @return the count
	 */
	public int inFlight() {
		return this.inFlight.get();
	}

	/**
	 * Whether the drain has begun: responses then carry {@code Connection: close}.
	 * @return whether draining
	 */
	public boolean isDraining() {
		return this.draining;
	}

	void startDraining() {
		this.draining = true;
	}

	/**
	 * Number of application requests that arrived since the drain began.
	 * @return the count
	 */
	public long servedDuringDrain() {
		return this.servedDuringDrain.sum();
	}

	/**
	 * Whether no request has arrived for the given time.
	 * @param nowNanos the current {@link System#nanoTime()}
	 * @param quietNanos the quiet period
	 * @return whether it has been quiet that long
	 */
	boolean quietSince(long nowNanos, long quietNanos) {
		long last = this.lastArrivalNanos;
		return last == NEVER || nowNanos - last >= quietNanos;
	}

	/**
	 * When the quiet period, counted from the last arrival, ends.
	 * @param quietNanos the quiet period
	 * @return the {@link System#nanoTime()} at which it ends, or {@link Long#MIN_VALUE} if
	 * nothing ever arrived
	 */
	long quietUntil(long quietNanos) {
		long last = this.lastArrivalNanos;
		return (last == NEVER) ? NEVER : last + quietNanos;
	}

}

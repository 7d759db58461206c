package dev.orderly.shutdown.internal.drain;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bookkeeping of application requests: how many are in flight, when the last one arrived,
 * and how many arrived during the drain. It sits on every request's path, on every core,
 * so a request writes no memory that all cores share: the counts are striped
 * ({@link LongAdder}), and the shared arrival time is written only when it moves on by at
 * least {@link #ARRIVAL_RESOLUTION_NANOS} (about once a millisecond under load, not once a
 * request).
 * <p>
 * What readers get in return for that:
 * <ul>
 * <li>{@link #inFlight()} is exact whenever no request starts or ends during the read; while
 * they do, it is never negative and never below the number of requests in flight at one
 * instant during the read (it may include requests that arrived and finished during the
 * read).</li>
 * <li>{@link #quietSince} and {@link #quietUntil} are conservative: they never report quiet
 * before the quiet period has passed since the last arrival, and report it at most
 * {@link #ARRIVAL_RESOLUTION_NANOS} late.</li>
 * <li>{@link #lastArrival()} is at most {@link #ARRIVAL_RESOLUTION_NANOS} before the latest
 * arrival, never after it.</li>
 * <li>{@link #longestRecentGap} is never shorter than the longest silence between arrivals
 * that ended in its window, and at most {@link #ARRIVAL_RESOLUTION_NANOS} longer: the
 * arrival that moves the recorded time on knows the gap since the value it replaces, and no
 * arrival came later than the resolution after that value.</li>
 * </ul>
 * Both hold for arrivals whose {@link #arrived()} has returned; one that is still inside it
 * may be missed, as it could be by any clock read.
 */
public final class InFlightRequests {

	/**
	 * How far the recorded arrival time may lag behind the latest arrival: 1 ms, a thousandth
	 * of the default quiet period.
	 */
	static final long ARRIVAL_RESOLUTION_NANOS = 1_000_000;

	private static final long NEVER = Long.MIN_VALUE;

	// Two monotonic counts rather than one that goes up and down: see inFlight().
	private final LongAdder arrivals = new LongAdder();

	private final LongAdder finishes = new LongAdder();

	private final LongAdder servedDuringDrain = new LongAdder();

	private final LongAdder cancellations = new LongAdder();

	/**
	 * The {@link System#nanoTime()} of a recent arrival, less than
	 * {@link #ARRIVAL_RESOLUTION_NANOS} before the latest arrival's; never moves backwards.
	 */
	private final AtomicLong lastArrivalNanos = new AtomicLong(NEVER);

	private final RecentLongestGap recentGaps = new RecentLongestGap();

	private volatile boolean draining;

	/**
	 * Record a request's arrival.
	 */
	public void arrived() {
		this.arrivals.increment();
		recordArrivalTime(System.nanoTime());
		if (this.draining) {
			this.servedDuringDrain.increment();
		}
	}

	/**
	 * Move the recorded arrival time on to {@code now} if it lags by the resolution or more.
	 * Mostly a read of a value that changes once a millisecond, so the cache line stays
	 * shared by all cores. Writers race only at those moments, and a lost race is harmless:
	 * the value moves only by compare-and-set from the value read, so it never moves
	 * backwards (a writer whose clock read is older than the value finds {@code now - last}
	 * below the resolution and writes nothing), and the loser reads the winner's value and
	 * stops once that is within the resolution of its own arrival. So on return the value is
	 * within the resolution of this arrival, and stays so: every recorded arrival read the
	 * clock before {@code lastArrivalNanos + ARRIVAL_RESOLUTION_NANOS}, which the quiet-period
	 * checks below rely on. The winner alone records the gap it closed, so the other requests
	 * pay nothing for the record of recent gaps.
	 * @param now this arrival's {@link System#nanoTime()}
	 */
	private void recordArrivalTime(long now) {
		long last = this.lastArrivalNanos.get();
		while (last == NEVER || now - last >= ARRIVAL_RESOLUTION_NANOS) {
			if (this.lastArrivalNanos.compareAndSet(last, now)) {
				if (last != NEVER) {
					this.recentGaps.record(now, now - last);
				}
				return;
			}
			last = this.lastArrivalNanos.get();
		}
	}

	/**
	 * Record that a request has been answered.
	 */
	public void finished() {
		this.finishes.increment();
	}

	/**
	 * Record that a request ended without its response: its exchange was cancelled because
	 * its connection closed under it. It is no longer in flight.
	 */
	public void cancelled() {
		// before the finish, so that a reader who sees the request gone sees why
		this.cancellations.increment();
		this.finishes.increment();
	}

	/**
	 * Number of requests that ended without their response, since the start.
	 * @return the count
	 */
	public long cancellations() {
		return this.cancellations.sum();
	}

	/**
	 * Number of application requests being handled now. Exact while no request starts or
	 * ends; while they do, never negative and never less than the number in flight at one
	 * instant during the call.
	 * @return the count
	 */
	public int inFlight() {
		// Finishes first: each finish read there came after its request's arrival, so that
		// arrival is in the sum read next (both counts only grow). The difference is
		// therefore at least the number in flight between the two reads, never negative.
		long finished = this.finishes.sum();
		long arrived = this.arrivals.sum();
		return (int) Math.min(Integer.MAX_VALUE, Math.max(0, arrived - finished));
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
	 * Whether no request has arrived for the given time. Never true before that time has
	 * passed since the last arrival; at most {@link #ARRIVAL_RESOLUTION_NANOS} late.
	 * @param nowNanos the current {@link System#nanoTime()}
	 * @param quietNanos the quiet period
	 * @return whether it has been quiet that long
	 */
	boolean quietSince(long nowNanos, long quietNanos) {
		long last = this.lastArrivalNanos.get();
		return last == NEVER || nowNanos - latestArrivalBound(last) >= quietNanos;
	}

	/**
	 * When the quiet period, counted from the last arrival, ends: not before it does, at most
	 * {@link #ARRIVAL_RESOLUTION_NANOS} after.
	 * @param quietNanos the quiet period
	 * @return the {@link System#nanoTime()} at which it ends, or {@link Long#MIN_VALUE} if
	 * nothing ever arrived
	 */
	long quietUntil(long quietNanos) {
		long last = this.lastArrivalNanos.get();
		return (last == NEVER) ? NEVER : latestArrivalBound(last) + quietNanos;
	}

	/**
	 * The time of the last arrival: at most {@link #ARRIVAL_RESOLUTION_NANOS} before the
	 * latest arrival's clock read, never after it.
	 * @return its {@link System#nanoTime()}, or {@link Long#MIN_VALUE} if nothing ever
	 * arrived
	 */
	long lastArrival() {
		return this.lastArrivalNanos.get();
	}

	/**
	 * The longest silence between two arrivals that ended in the last 10 to 20 seconds (see
	 * {@link RecentLongestGap}): never shorter than it was, at most
	 * {@link #ARRIVAL_RESOLUTION_NANOS} longer. The silence since the last arrival is not
	 * one: it has not ended.
	 * @param nowNanos the current {@link System#nanoTime()}
	 * @return its length in nanoseconds, 0 if there was none
	 */
	long longestRecentGap(long nowNanos) {
		return this.recentGaps.longest(nowNanos);
	}

	/**
	 * The recorded value lags the latest arrival by less than the resolution, so counting
	 * from this bound keeps the quiet-period checks from ever ending early.
	 */
	private static long latestArrivalBound(long lastArrivalNanos) {
		return lastArrivalNanos + ARRIVAL_RESOLUTION_NANOS;
	}

}

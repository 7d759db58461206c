package dev.orderly.shutdown.internal.drain;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The longest gap between application requests over the last 10 to 20 seconds: the pauses of
 * bursty traffic, known before the drain begins (a drain that starts inside a burst has seen
 * no pause yet). Two buckets of {@link #BUCKET_NANOS} rotate: a gap goes into the bucket of
 * the time it ended, and {@link #longest} reads the current bucket and the one before it.
 * <p>
 * Written only by the arrival that moves {@link InFlightRequests}'s recorded arrival time on
 * (at most about once a millisecond), so it adds nothing to the other requests' path. Each
 * bucket is one {@code long} (its bucket number and its longest gap in microseconds) changed
 * by compare-and-set, so concurrent writers never lose the longer gap.
 */
final class RecentLongestGap {

	/** Length of a bucket: the window read is one to two of them. */
	static final long BUCKET_NANOS = 10_000_000_000L;

	/** A bucket number no clock reading maps to: {@code nanoTime / BUCKET_NANOS} fits an int. */
	private static final long EMPTY = pack(Integer.MIN_VALUE, 0);

	private final AtomicLongArray buckets = new AtomicLongArray(new long[] { EMPTY, EMPTY });

	/**
	 * Record a gap between two arrivals.
	 * @param endNanos the {@link System#nanoTime()} at which it ended
	 * @param gapNanos its length
	 */
	void record(long endNanos, long gapNanos) {
		int bucket = bucket(endNanos);
		int index = bucket & 1;
		long gapMicros = Math.min(Integer.MAX_VALUE, gapNanos / 1000);
		long current = this.buckets.get(index);
		while (true) {
			int currentBucket = bucketOf(current);
			if (currentBucket > bucket || (currentBucket == bucket && gapMicrosOf(current) >= gapMicros)) {
				return; // a longer gap, or a newer bucket, is there already
			}
			if (this.buckets.compareAndSet(index, current, pack(bucket, gapMicros))) {
				return;
			}
			current = this.buckets.get(index);
		}
	}

	/**
	 * The longest gap that ended in the current bucket or the one before.
	 * @param nowNanos the current {@link System#nanoTime()}
	 * @return its length in nanoseconds, rounded up to the microsecond; 0 if there was none
	 */
	long longest(long nowNanos) {
		int bucket = bucket(nowNanos);
		long longest = 0;
		for (int i = 0; i < 2; i++) {
			long value = this.buckets.get(i);
			int valueBucket = bucketOf(value);
			if (valueBucket == bucket || valueBucket == bucket - 1) {
				longest = Math.max(longest, (gapMicrosOf(value) + 1) * 1000);
			}
		}
		return longest;
	}

	private static int bucket(long nanos) {
		return (int) Math.floorDiv(nanos, BUCKET_NANOS);
	}

	private static long pack(int bucket, long gapMicros) {
		return ((long) bucket << 32) | gapMicros;
	}

	private static int bucketOf(long packed) {
		return (int) (packed >> 32);
	}

	private static long gapMicrosOf(long packed) {
		return packed & 0xFFFF_FFFFL;
	}

}

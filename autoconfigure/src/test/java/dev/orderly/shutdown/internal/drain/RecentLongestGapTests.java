package dev.orderly.shutdown.internal.drain;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The longest recent gap: remembered for 10 to 20 seconds after it ended, then forgotten.
 */
class RecentLongestGapTests {

	private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

	private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

	private final RecentLongestGap gaps = new RecentLongestGap();

	/** The start of a bucket, far from zero, as {@link System#nanoTime()} may be, and negative. */
	private final long t0 = -7 * RecentLongestGap.BUCKET_NANOS;

	@Test
	void noGapYetIsZero() {
		assertThat(this.gaps.longest(this.t0)).isZero();
	}

	@Test
	void theLongestGapIsKeptNotTheLatest() {
		this.gaps.record(this.t0 + SECOND, 400 * MS);
		this.gaps.record(this.t0 + 2 * SECOND, 5 * MS);
		assertThat(this.gaps.longest(this.t0 + 3 * SECOND)).isBetween(400 * MS, 401 * MS);
	}

	@Test
	void aGapIsRememberedForAtLeastTenSecondsAndForgottenAfterTwenty() {
		this.gaps.record(this.t0 + 9 * SECOND, 400 * MS);
		this.gaps.record(this.t0 + 15 * SECOND, 50 * MS);
		// 10.9 s after it ended: still there
		assertThat(this.gaps.longest(this.t0 + 19_900 * MS)).isBetween(400 * MS, 401 * MS);
		// in the bucket after next: gone, the later, shorter gap remains
		assertThat(this.gaps.longest(this.t0 + 20 * SECOND)).isBetween(50 * MS, 51 * MS);
		this.gaps.record(this.t0 + 21 * SECOND, 10 * MS);
		assertThat(this.gaps.longest(this.t0 + 21 * SECOND)).isBetween(50 * MS, 51 * MS);
		assertThat(this.gaps.longest(this.t0 + 30 * SECOND)).isBetween(10 * MS, 11 * MS);
		assertThat(this.gaps.longest(this.t0 + 40 * SECOND)).isZero();
	}

}

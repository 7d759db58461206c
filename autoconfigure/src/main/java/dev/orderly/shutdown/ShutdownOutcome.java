package dev.orderly.shutdown;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * How a stage or task ended. Every stage and task of a run ends with exactly one outcome.
 *
 * @since 0.1.0
 */
public enum ShutdownOutcome {

	/** Finished within its time. */
	COMPLETED,

	/** Threw an exception; the remaining tasks and stages still ran. */
	FAILED,

	/** Ran out of time and was cancelled; the remaining tasks and stages still ran. */
	TIMED_OUT,

	/** Did not run because the shutdown budget was spent. */
	SKIPPED;

	/**
	 * The worst of some outcomes, the one a run or stage made of them reports: timed out,
	 * then failed, then skipped; completed when there is none of those.
	 * @param outcomes the outcomes
	 * @return the worst outcome
	 * @since 0.2.0
	 */
	public static ShutdownOutcome worst(Collection<ShutdownOutcome> outcomes) {
		for (ShutdownOutcome worst : List.of(TIMED_OUT, FAILED, SKIPPED)) {
			if (outcomes.contains(worst)) {
				return worst;
			}
		}
		return COMPLETED;
	}

	/**
	 * Label used in reports and metric tags, for example {@code timed_out}.
	 * @return the label
	 */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

	@Override
	public String toString() {
		return label();
	}

}

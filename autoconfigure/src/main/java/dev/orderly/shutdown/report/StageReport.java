package dev.orderly.shutdown.report;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.orderly.shutdown.ShutdownOutcome;
import org.jspecify.annotations.Nullable;

/**
 * What one stage did.
 *
 * @param name the stage name
 * @param startedAt when the stage started
 * @param duration how long it ran
 * @param timeout its time limit
 * @param outcome how it ended: {@code completed} when every task completed, otherwise
 * {@code timed_out} if any task timed out, else {@code failed} if any failed, or
 * {@code skipped} when the budget was spent before it could start
 * @param detail a short note, such as why it was skipped
 * @param counts what the stage counted, such as requests served during the drain, or the
 * tasks an executor finished and abandoned in an application stage
 * @param tasks its tasks, in registration order
 * @since 0.1.0
 */
public record StageReport(String name, Instant startedAt, Duration duration, Duration timeout,
		ShutdownOutcome outcome, @Nullable String detail, Map<String, Long> counts, List<TaskReport> tasks) {

	public StageReport {
		counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
		tasks = List.copyOf(tasks);
	}

	/**
	 * The outcome a stage has, given the outcomes of its tasks.
	 * @param tasks the task reports
	 * @return the stage outcome
	 */
	public static ShutdownOutcome outcomeOf(List<TaskReport> tasks) {
		List<ShutdownOutcome> outcomes = tasks.stream().map(TaskReport::outcome).toList();
		if (!outcomes.isEmpty() && outcomes.stream().allMatch(ShutdownOutcome.SKIPPED::equals)) {
			return ShutdownOutcome.SKIPPED;
		}
		// A stage whose other tasks ran was not skipped: the run's deadline cut it short.
		return ShutdownOutcome
			.worst(outcomes.stream().filter((outcome) -> outcome != ShutdownOutcome.SKIPPED).toList());
	}

}

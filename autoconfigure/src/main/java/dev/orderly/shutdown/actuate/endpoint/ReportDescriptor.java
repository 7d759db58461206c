package dev.orderly.shutdown.actuate.endpoint;

import java.util.List;
import java.util.Map;

import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.report.TaskReport;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ShutdownReport} as the endpoints show it: instants as ISO-8601 text, durations in
 * whole milliseconds.
 *
 * @param id the run's id
 * @param trigger what started it
 * @param reason why, if given
 * @param startedAt when it started
 * @param durationMs how long it took (so far)
 * @param budgetMs its budget
 * @param finished whether every stage has ended
 * @param outcome the worst stage outcome so far
 * @param stages the stages that have ended
 * @since 0.1.0
 */
public record ReportDescriptor(String id, String trigger, @Nullable String reason, String startedAt, long durationMs,
		long budgetMs, boolean finished, String outcome, List<Stage> stages) {

	static @Nullable ReportDescriptor of(@Nullable ShutdownReport report) {
		if (report == null) {
			return null;
		}
		return new ReportDescriptor(report.id(), report.trigger().name(), report.reason(),
				report.startedAt().toString(), report.duration().toMillis(), report.budget().toMillis(),
				report.finished(), report.outcome().label(), report.stages().stream().map(Stage::of).toList());
	}

	/**
	 * One stage of the report.
	 *
	 * @param name the stage name
	 * @param startedAt when it started
	 * @param durationMs how long it ran
	 * @param timeoutMs its time limit
	 * @param outcome how it ended
	 * @param detail a short note
	 * @param counts what it counted
	 * @param tasks its tasks
	 */
	public record Stage(String name, String startedAt, long durationMs, long timeoutMs, String outcome,
			@Nullable String detail, Map<String, Long> counts, List<Task> tasks) {

		static Stage of(StageReport stage) {
			return new Stage(stage.name(), stage.startedAt().toString(), stage.duration().toMillis(),
					stage.timeout().toMillis(), stage.outcome().label(), stage.detail(), stage.counts(),
					stage.tasks().stream().map(Task::of).toList());
		}

	}

	/**
	 * One task of the report.
	 *
	 * @param name the task name
	 * @param source where it comes from
	 * @param durationMs how long it ran
	 * @param timeoutMs its time limit
	 * @param outcome how it ended
	 * @param error the failure or timeout message
	 */
	public record Task(String name, String source, long durationMs, long timeoutMs, String outcome,
			@Nullable String error) {

		static Task of(TaskReport task) {
			return new Task(task.name(), task.source(), task.duration().toMillis(), task.timeout().toMillis(),
					task.outcome().label(), task.error());
		}

	}

}

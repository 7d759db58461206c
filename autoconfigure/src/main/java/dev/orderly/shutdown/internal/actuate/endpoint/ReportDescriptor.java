package dev.orderly.shutdown.internal.actuate.endpoint;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.report.TaskReport;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ShutdownReport} as the endpoints show it, with the field names of the report file
 * (snake_case; a stage has the fields of the file's {@code stage_finished} line, a task those
 * of its {@code task_finished} line) and lower-case values like the meter tags: instants as
 * ISO-8601 text, durations in whole milliseconds.
 *
 * @param run the run's id
 * @param trigger what started it, for example {@code jvm_shutdown}
 * @param reason why, if given
 * @param started when it started
 * @param durationMs how long it took (so far)
 * @param budgetMs its budget
 * @param finished whether every stage has ended
 * @param outcome {@value #IN_PROGRESS} while the run is in progress, then the worst stage
 * outcome
 * @param stages the stages that have ended
 */
public record ReportDescriptor(String run, String trigger, @Nullable String reason, String started,
		@JsonProperty("duration_ms") long durationMs, @JsonProperty("budget_ms") long budgetMs, boolean finished,
		String outcome, List<Stage> stages) {

	/** The outcome of a run still in progress. */
	public static final String IN_PROGRESS = "in_progress";

	/**
	 * The run of this process: {@value #IN_PROGRESS} until it has finished.
	 */
	static @Nullable ReportDescriptor current(@Nullable ShutdownReport report) {
		return of(report, true);
	}

	/**
	 * A run of an earlier process: one that did not finish was cut short (its last stage
	 * reads {@code timed_out}), not in progress.
	 */
	static @Nullable ReportDescriptor previous(@Nullable ShutdownReport report) {
		return of(report, false);
	}

	private static @Nullable ReportDescriptor of(@Nullable ShutdownReport report, boolean live) {
		if (report == null) {
			return null;
		}
		String outcome = (live && !report.finished()) ? IN_PROGRESS : report.outcome().label();
		return new ReportDescriptor(report.id(), report.trigger().label(), report.reason(),
				report.startedAt().toString(), report.duration().toMillis(), report.budget().toMillis(),
				report.finished(), outcome, report.stages().stream().map(Stage::of).toList());
	}

	/**
	 * One stage of the report.
	 *
	 * @param stage the stage name
	 * @param started when it started
	 * @param durationMs how long it ran
	 * @param timeoutMs its time limit
	 * @param outcome how it ended
	 * @param detail a short note
	 * @param counts what it counted
	 * @param tasks its tasks
	 */
	public record Stage(String stage, String started, @JsonProperty("duration_ms") long durationMs,
			@JsonProperty("timeout_ms") long timeoutMs, String outcome, @Nullable String detail,
			Map<String, Long> counts, List<Task> tasks) {

		static Stage of(StageReport stage) {
			return new Stage(stage.name(), stage.startedAt().toString(), stage.duration().toMillis(),
					stage.timeout().toMillis(), stage.outcome().label(), stage.detail(), stage.counts(),
					stage.tasks().stream().map(Task::of).toList());
		}

	}

	/**
	 * One task of the report.
	 *
	 * @param task the task name
	 * @param source where it comes from
	 * @param started when it started
	 * @param durationMs how long it ran
	 * @param timeoutMs its time limit
	 * @param outcome how it ended
	 * @param error the failure or timeout message
	 * @param thread for a task that timed out, the thread it was stuck on
	 * @param stack that thread's frames that matter, top first; {@code null} (left out) when
	 * none was captured, as in the report file
	 */
	public record Task(String task, String source, String started, @JsonProperty("duration_ms") long durationMs,
			@JsonProperty("timeout_ms") long timeoutMs, String outcome, @Nullable String error,
			@Nullable String thread, @Nullable List<String> stack) {

		static Task of(TaskReport task) {
			return new Task(task.name(), task.source(), task.startedAt().toString(), task.duration().toMillis(),
					task.timeout().toMillis(), task.outcome().label(), task.error(), task.thread(),
					task.stack().isEmpty() ? null : task.stack());
		}

	}

}

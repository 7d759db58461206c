package dev.orderly.shutdown.internal.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.internal.plan.StagePlan;
import dev.orderly.shutdown.internal.report.ShutdownReportTable;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.report.TaskReport;
import org.jspecify.annotations.Nullable;

/**
 * One stage of the run from its start to its report. Its deadline is the stage's timeout,
 * cut short if needed so that the time of every later stage stays reserved within the run's
 * budget. The drain and the web stage use it directly; application stages through their
 * tasks.
 */
public final class StageRecording {

	/**
	 * How long, past its deadline (or its end, if later), a stage waits for its listeners to
	 * hear of its end: part of the {@link StageLifecycle#END_MARGIN margin} Spring gives it, so
	 * the stage has ended before Spring stops waiting for it.
	 */
	static final Duration LISTENER_WAIT = StageLifecycle.END_MARGIN.dividedBy(2);

	private final ShutdownRun run;

	private final StagePlan stage;

	private final long startNanos = System.nanoTime();

	private final long deadlineNanos;

	StageRecording(ShutdownRun run, StagePlan stage, Duration reservedAfter) {
		this.run = run;
		this.stage = stage;
		this.deadlineNanos = Math.min(this.startNanos + stage.timeout().toNanos(),
				run.deadlineNanos() - reservedAfter.toNanos());
		run.stageStarted(stage.name());
	}

	/**
	 * When the stage must end, on the {@link System#nanoTime()} scale.
	 * @return the deadline
	 */
	public long deadlineNanos() {
		return this.deadlineNanos;
	}

	/**
	 * Whether the run's budget left nothing for this stage.
	 * @return whether the stage must be skipped
	 */
	boolean budgetSpent() {
		return this.deadlineNanos <= this.startNanos;
	}

	/**
	 * Time left until the deadline.
	 * @return the remaining time, zero once the deadline has passed
	 */
	Duration remaining() {
		return Duration.ofNanos(Math.max(0, this.deadlineNanos - System.nanoTime()));
	}

	/**
	 * The time the stage is actually given, and what set it, for reports: for example
	 * {@code 5 s}, or {@code 1.75 s (run deadline)} when the run's deadline cut the stage's
	 * timeout short.
	 * @return the time given
	 */
	public String timeGiven() {
		return describeTimeGiven(this.startNanos, this.deadlineNanos, this.stage.timeout());
	}

	/**
	 * Describe the time from start to deadline, noting the run's deadline if it cut a
	 * timeout short (a task's timeout is at most its stage's, so only the run can).
	 */
	static String describeTimeGiven(long startNanos, long deadlineNanos, Duration timeout) {
		Duration given = Duration.ofNanos(Math.max(0, deadlineNanos - startNanos));
		return ShutdownReportTable.duration(given) + ((given.compareTo(timeout) < 0) ? " (run deadline)" : "");
	}

	long startNanos() {
		return this.startNanos;
	}

	ShutdownRun run() {
		return this.run;
	}

	StagePlan stage() {
		return this.stage;
	}

	/**
	 * End a stage that has no tasks, such as the drain or the web stage. Its end is passed on
	 * to the listeners, which are waited for until at most half of
	 * {@link StageLifecycle#END_MARGIN} past the stage's deadline (or past now, if later).
	 * @param outcome how it ended
	 * @param detail a short note for the report
	 * @param counts what it counted, such as requests served
	 * @return the stage's report
	 */
	public StageReport end(ShutdownOutcome outcome, @Nullable String detail, Map<String, Long> counts) {
		return end(outcome, detail, counts, List.of());
	}

	StageReport end(ShutdownOutcome outcome, @Nullable String detail, Map<String, Long> counts,
			List<TaskReport> tasks) {
		StageReport report = new StageReport(this.stage.name(), this.run.instantAt(this.startNanos),
				Duration.ofNanos(System.nanoTime() - this.startNanos), this.stage.timeout(), outcome, detail, counts,
				tasks);
		this.run.stageFinished(report);
		this.run.awaitListeners(Math.max(this.deadlineNanos, System.nanoTime()) + LISTENER_WAIT.toNanos(),
				this.stage.name());
		return report;
	}

}

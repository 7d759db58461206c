package dev.orderly.shutdown.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.plan.StagePlan;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.report.TaskReport;

/**
 * Runs the tasks of one stage concurrently, each until its own deadline, and records the
 * stage. A stage's deadline is its timeout, cut short if needed so that the time of every
 * later stage stays reserved within the run's budget.
 */
final class StageExecution {

	private final ShutdownRun run;

	private final StagePlan stage;

	private final List<PlannedTask> tasks;

	private final Duration reservedAfter;

	StageExecution(ShutdownRun run, StagePlan stage, List<PlannedTask> tasks, Duration reservedAfter) {
		this.run = run;
		this.stage = stage;
		this.tasks = tasks;
		this.reservedAfter = reservedAfter;
	}

	StageReport execute() {
		long start = System.nanoTime();
		long deadline = Math.min(start + this.stage.timeout().toNanos(),
				this.run.deadlineNanos() - this.reservedAfter.toNanos());
		this.run.stageStarted(this.stage.name());
		List<TaskExecution> executions = new ArrayList<>();
		for (PlannedTask task : this.tasks) {
			executions.add(new TaskExecution(task, this.run, start, Math.min(start + task.timeout().toNanos(), deadline),
					(report) -> this.run.taskFinished(this.stage.name(), report)));
		}
		boolean budgetSpent = deadline <= start;
		List<TaskReport> reports = budgetSpent ? skipAll(executions) : runAll(executions);
		ShutdownOutcome outcome = budgetSpent ? ShutdownOutcome.SKIPPED : StageReport.outcomeOf(reports);
		StageReport report = new StageReport(this.stage.name(), this.run.instantAt(start),
				Duration.ofNanos(System.nanoTime() - start), this.stage.timeout(), outcome,
				budgetSpent ? "budget spent" : null, reports);
		this.run.stageFinished(report);
		return report;
	}

	private List<TaskReport> skipAll(List<TaskExecution> executions) {
		List<TaskReport> reports = new ArrayList<>();
		for (TaskExecution execution : executions) {
			reports.add(execution.skip("budget spent"));
		}
		return reports;
	}

	private List<TaskReport> runAll(List<TaskExecution> executions) {
		ExecutorService executor = Executors.newCachedThreadPool(threadFactory(this.stage.name()));
		try {
			executions.forEach((execution) -> execution.start(executor));
			// Waiting in deadline order bounds the whole wait by the latest deadline.
			executions.stream()
				.sorted(Comparator.comparingLong(TaskExecution::deadlineNanos))
				.forEach(TaskExecution::await);
			List<TaskReport> reports = new ArrayList<>();
			for (TaskExecution execution : executions) {
				reports.add(execution.await());
			}
			return reports;
		}
		finally {
			// Not shutdownNow(): a timed-out task was interrupted once already, finished ones need nothing.
			executor.shutdown();
		}
	}

	/**
	 * Daemon threads: a task that ignores cancellation must not keep the JVM alive after
	 * the shutdown has ended.
	 */
	private static ThreadFactory threadFactory(String stage) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, "orderly-shutdown-" + stage + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}

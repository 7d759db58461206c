package dev.orderly.shutdown.internal.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.report.TaskReport;

/**
 * Runs the tasks of one stage concurrently, each until its own deadline (at the latest the
 * stage's), and records the stage.
 */
final class StageExecution {

	private final StageRecording recording;

	private final String stage;

	private final List<PlannedTask> tasks;

	StageExecution(StageRecording recording, String stage, List<PlannedTask> tasks) {
		this.recording = recording;
		this.stage = stage;
		this.tasks = tasks;
	}

	StageReport execute() {
		ShutdownRun run = this.recording.run();
		long start = this.recording.startNanos();
		List<TaskExecution> executions = new ArrayList<>();
		for (PlannedTask task : this.tasks) {
			long deadline = Math.min(start + task.timeout().toNanos(), this.recording.deadlineNanos());
			executions.add(new TaskExecution(task, run, start, deadline,
					(report) -> run.taskFinished(this.stage, report)));
		}
		boolean budgetSpent = this.recording.budgetSpent();
		List<TaskReport> reports = budgetSpent ? skipAll(executions) : runAll(executions);
		ShutdownOutcome outcome = budgetSpent ? ShutdownOutcome.SKIPPED : StageReport.outcomeOf(reports);
		return this.recording.end(outcome, budgetSpent ? "budget spent" : null,
				budgetSpent ? Map.of() : counts(), reports);
	}

	/** The counts of the stage's counting tasks, added up by name, as they stand at its end. */
	private Map<String, Long> counts() {
		Map<String, Long> counts = new LinkedHashMap<>();
		for (PlannedTask task : this.tasks) {
			if (task.task() instanceof CountingTask counting) {
				counting.counts().forEach((name, count) -> counts.merge(name, count, Long::sum));
			}
		}
		return counts;
	}

	private List<TaskReport> skipAll(List<TaskExecution> executions) {
		List<TaskReport> reports = new ArrayList<>();
		for (TaskExecution execution : executions) {
			reports.add(execution.skip("budget spent"));
		}
		return reports;
	}

	private List<TaskReport> runAll(List<TaskExecution> executions) {
		if (executions.isEmpty()) {
			return List.of();
		}
		ExecutorService executor = Executors.newCachedThreadPool(threadFactory(this.stage));
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

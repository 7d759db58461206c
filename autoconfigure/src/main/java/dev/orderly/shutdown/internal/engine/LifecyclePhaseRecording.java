package dev.orderly.shutdown.internal.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.internal.report.ShutdownReportTable;
import dev.orderly.shutdown.report.StageReport;

/**
 * One lifecycle phase the starter does not own, from the moment Spring begins stopping it
 * to the moment the next phase begins, reported as a row of the run like a stage: named
 * {@code phase <n>}, its timeout the wait Spring was given, its detail the beans it stopped,
 * or, when Spring stopped waiting, the beans still stopping.
 */
final class LifecyclePhaseRecording {

	private final ShutdownRun run;

	private final LifecyclePhase phase;

	private final Duration wait;

	private final boolean cutByBudget;

	private final long startNanos = System.nanoTime();

	LifecyclePhaseRecording(ShutdownRun run, LifecyclePhase phase, Duration wait, boolean cutByBudget) {
		this.run = run;
		this.phase = phase;
		this.wait = wait;
		this.cutByBudget = cutByBudget;
		run.stageStarted(phase.name());
	}

	/**
	 * End the phase now: the next phase is beginning, so Spring has either heard from every
	 * bean or stopped waiting.
	 */
	void end() {
		long elapsed = System.nanoTime() - this.startNanos;
		List<String> stillRunning = this.phase.beans()
			.entrySet()
			.stream()
			.filter((bean) -> LifecyclePhase.isRunning(bean.getValue()))
			.map(Map.Entry::getKey)
			.toList();
		// Spring waits for the whole time only when a bean has not reported its stop; with no
		// time to wait, only a bean still running shows that.
		boolean cutOff = elapsed >= this.wait.toNanos() && (!this.wait.isZero() || !stillRunning.isEmpty());
		String beans = String.join(", ", this.phase.beanNames());
		String detail = beans;
		if (cutOff) {
			String after = this.wait.isZero() ? "not waited for, the budget was spent"
					: "Spring stopped waiting after " + ShutdownReportTable.duration(this.wait)
							+ (this.cutByBudget ? ", all the budget had left" : "");
			detail = after + "; still stopping: "
					+ (stillRunning.isEmpty() ? "one of " + beans : String.join(", ", stillRunning));
		}
		this.run.stageFinished(new StageReport(this.phase.name(), this.run.instantAt(this.startNanos),
				Duration.ofNanos(elapsed), this.wait, cutOff ? ShutdownOutcome.TIMED_OUT : ShutdownOutcome.COMPLETED,
				detail, Map.of(), List.of()));
	}

}

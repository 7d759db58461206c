package dev.orderly.shutdown.internal.actuate.observation;

import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.report.TaskReport;

/**
 * The error of a task's observation when the task failed or timed out, so that a tracing
 * backend marks its span as failed. The listener sees the task's report, not what it threw:
 * the message is the report's error ({@code IllegalStateException: disk full},
 * {@code cancelled after 5 s}); the stack trace is the one logged when the task failed.
 */
final class ShutdownTaskFailedException extends RuntimeException {

	ShutdownTaskFailedException(TaskReport task) {
		super("Shutdown task '" + task.name() + "' "
				+ ((task.outcome() == ShutdownOutcome.TIMED_OUT) ? "timed out" : "failed") + ": " + task.error(), null,
				false, false);
	}

}

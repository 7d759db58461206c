package dev.orderly.shutdown.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.orderly.shutdown.ShutdownOutcome;
import org.jspecify.annotations.Nullable;

/**
 * What one task did.
 *
 * @param name the task name
 * @param source where the task comes from, for example {@code @OnShutdown Outbox.flush()}
 * @param startedAt when the task started (for a skipped task: when it was skipped)
 * @param duration how long it ran
 * @param timeout its time limit
 * @param outcome how it ended
 * @param error the failure or timeout message, if any
 * @param thread (since 0.2.0) for a task that timed out, the thread it was stuck on (its own, or for a
 * lifecycle's asynchronous stop the thread running the lifecycle's code), if known
 * @param stack where that thread was when the task timed out: its frames that matter, top
 * first, each as {@code class.method(File.java:42)}, from the blocking call down to the
 * application's code (the executor, reflection and starter frames below it left out);
 * empty if none was captured
 * @since 0.1.0
 */
public record TaskReport(String name, String source, Instant startedAt, Duration duration, Duration timeout,
		ShutdownOutcome outcome, @Nullable String error, @Nullable String thread, List<String> stack) {

	public TaskReport {
		stack = List.copyOf(stack);
	}

	/**
	 * A task's report without a captured stack.
	 * @param name the task name
	 * @param source where the task comes from
	 * @param startedAt when the task started
	 * @param duration how long it ran
	 * @param timeout its time limit
	 * @param outcome how it ended
	 * @param error the failure or timeout message, if any
	 */
	public TaskReport(String name, String source, Instant startedAt, Duration duration, Duration timeout,
			ShutdownOutcome outcome, @Nullable String error) {
		this(name, source, startedAt, duration, timeout, outcome, error, null, List.of());
	}

}

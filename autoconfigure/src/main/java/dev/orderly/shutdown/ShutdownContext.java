package dev.orderly.shutdown;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What a running {@link ShutdownTask} knows about its shutdown: the counterpart of Go's
 * {@code context.Context} with a deadline.
 *
 * @since 0.1.0
 */
public interface ShutdownContext {

	/**
	 * Name of the stage the task runs in.
	 * @return the stage name
	 */
	String stage();

	/**
	 * Name of the task, as it appears in the report.
	 * @return the task name
	 */
	String task();

	/**
	 * Instant by which the task must have finished.
	 * @return the deadline
	 */
	Instant deadline();

	/**
	 * Time left until the {@link #deadline()}, never negative.
	 * @return the remaining time
	 */
	Duration remaining();

	/**
	 * Whether the task has been cancelled because it ran out of time. A cancelled task's
	 * thread is also interrupted; long loops should check this flag.
	 * @return whether the task is cancelled
	 */
	boolean isCancelled();

	/**
	 * What started the shutdown.
	 * @return the trigger
	 */
	ShutdownTrigger trigger();

	/**
	 * Reason given by whoever started the shutdown, if any.
	 * @return the reason or {@code null}
	 */
	@Nullable String reason();

}

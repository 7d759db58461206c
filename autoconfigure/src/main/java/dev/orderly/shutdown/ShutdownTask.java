package dev.orderly.shutdown;

/**
 * One piece of shutdown work that runs inside a stage, under a timeout.
 * <p>
 * Register a task as a {@link ShutdownTaskRegistration} bean, or annotate a bean method
 * with {@link OnShutdown}. Tasks of one stage run concurrently; a task that overruns its
 * timeout is cancelled ({@link ShutdownContext#isCancelled()} turns true and its thread is
 * interrupted) and recorded as {@code timed_out}.
 *
 * <pre class="code">
 * &#64;Bean
 * ShutdownTaskRegistration flushOutbox(Outbox outbox) {
 *     return ShutdownTaskRegistration.of("flush", "outbox", (context) -&gt; outbox.flush(context.remaining()));
 * }
 * </pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ShutdownTask {

	/**
	 * Run the task. Returning normally records it as {@code completed}; throwing records
	 * it as {@code failed} with the exception's message.
	 * @param context the task's deadline, cancellation signal and trigger
	 * @throws Exception on failure
	 */
	void run(ShutdownContext context) throws Exception;

}

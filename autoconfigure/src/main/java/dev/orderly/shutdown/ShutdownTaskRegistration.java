package dev.orderly.shutdown;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Registers a {@link ShutdownTask} with a stage. Declare it as a bean.
 *
 * <pre class="code">
 * &#64;Bean
 * ShutdownTaskRegistration stopConsumer(OrderConsumer consumer) {
 *     return ShutdownTaskRegistration.of("consumers", "order-consumer", (context) -&gt; consumer.stop())
 *         .withTimeout(Duration.ofSeconds(2));
 * }
 * </pre>
 *
 * @param stage the stage the task runs in
 * @param name the task name in the report, unique within its stage
 * @param timeout the task's timeout, or {@code null} for the stage's timeout
 * @param task the task
 * @since 0.1.0
 */
public record ShutdownTaskRegistration(String stage, String name, @Nullable Duration timeout, ShutdownTask task) {

	public ShutdownTaskRegistration {
		Objects.requireNonNull(stage, "stage must not be null");
		Objects.requireNonNull(name, "name must not be null");
		Objects.requireNonNull(task, "task must not be null");
	}

	/**
	 * Create a registration that uses the stage's timeout.
	 * @param stage the stage the task runs in
	 * @param name the task name, unique within its stage
	 * @param task the task
	 * @return the registration
	 */
	public static ShutdownTaskRegistration of(String stage, String name, ShutdownTask task) {
		return new ShutdownTaskRegistration(stage, name, null, task);
	}

	/**
	 * Return a copy with its own timeout.
	 * @param timeout the task's timeout, at most the stage's
	 * @return the new registration
	 */
	public ShutdownTaskRegistration withTimeout(Duration timeout) {
		return new ShutdownTaskRegistration(this.stage, this.name, timeout, this.task);
	}

}

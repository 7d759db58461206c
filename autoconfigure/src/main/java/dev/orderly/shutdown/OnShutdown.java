package dev.orderly.shutdown;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;

/**
 * Runs a bean method as a {@link ShutdownTask} in the named stage: the timed, reported
 * replacement for {@code @PreDestroy}. The method takes no argument or a single
 * {@link ShutdownContext}.
 *
 * <pre class="code">
 * &#64;OnShutdown(stage = "flush", timeout = "5s")
 * void flush(ShutdownContext context) {
 *     while (buffer.hasMore() &amp;&amp; !context.isCancelled()) {
 *         buffer.writeNextBatch();
 *     }
 * }
 * </pre>
 * <p>
 * Like {@code @EventListener}, it is meta-annotated with {@link Reflective}: Spring AOT
 * registers the runtime hint to invoke each such method of a bean, so it also runs in a
 * native image.
 *
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective
public @interface OnShutdown {

	/**
	 * Stage to run in, for example {@code consumers}, {@code flush} or {@code release}.
	 * @return the stage name
	 */
	String stage();

	/**
	 * Timeout of the task, such as {@code 5s} or {@code 500ms}; placeholders are resolved.
	 * Empty means the stage's timeout.
	 * @return the timeout
	 */
	String timeout() default "";

	/**
	 * Task name in the report. Empty means {@code beanName.methodName}.
	 * @return the task name
	 */
	String name() default "";

}

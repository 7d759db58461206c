package dev.orderly.shutdown.internal.engine;

import dev.orderly.shutdown.ShutdownTask;
import org.jspecify.annotations.Nullable;

/**
 * A task that waits for work done on other threads, such as a lifecycle bean's
 * asynchronous {@code stop(Runnable)}: when it times out, the stack reported is that of a
 * thread running the delegate's code, which says where the work is stuck, rather than that
 * of the task's own thread, which only says that it waits.
 */
public interface DelegatingTask extends ShutdownTask {

	/**
	 * The class whose code does the work, such as the lifecycle bean's class.
	 * @return the class, or {@code null} if not known (the task's own thread is reported)
	 */
	@Nullable Class<?> delegate();

}

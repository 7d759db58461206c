package dev.orderly.shutdown.internal.lifecycle;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadPoolExecutor;

import dev.orderly.shutdown.ShutdownContext;
import dev.orderly.shutdown.internal.engine.CountingTask;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.scheduling.concurrent.ExecutorConfigurationSupport;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Finishes the work of Spring's thread pool executor or scheduler inside its stage: it stops
 * accepting tasks, then waits, at most until the deadline, for the tasks that are running
 * and, for an executor, for those queued, which were accepted and are due now. A scheduler's
 * queue holds tasks not yet due: they are abandoned. It counts the tasks finished in the
 * stage and those abandoned at its end (still running, or never started).
 */
final class ExecutorStop implements CountingTask {

	/** Count of the tasks an executor finished in the stage. */
	static final String TASKS_FINISHED = "executor.tasks-finished";

	/** Count of the tasks an executor left at the stage's end: still running or never started. */
	static final String TASKS_ABANDONED = "executor.tasks-abandoned";

	private static final Duration POLL = Duration.ofMillis(10);

	private final ConfigurableListableBeanFactory beanFactory;

	private final String beanName;

	private volatile @Nullable ThreadPoolExecutor pool;

	private volatile boolean waitsForQueue;

	private volatile long finishedBefore;

	private volatile @Nullable String notRun;

	ExecutorStop(ConfigurableListableBeanFactory beanFactory, String beanName) {
		this.beanFactory = beanFactory;
		this.beanName = beanName;
	}

	/**
	 * Whether this task can finish the work of an executor of the given type.
	 * @param type the bean type
	 * @return whether it is one of Spring's thread pool executors or schedulers
	 */
	static boolean supports(Class<?> type) {
		return ThreadPoolTaskExecutor.class.isAssignableFrom(type)
				|| ThreadPoolTaskScheduler.class.isAssignableFrom(type);
	}

	@Override
	public void run(ShutdownContext context) throws InterruptedException {
		Object bean = this.beanFactory.getSingleton(this.beanName);
		ThreadPoolExecutor executor = (bean != null) ? poolOf(bean) : null;
		if (executor == null) {
			this.notRun = "not created: nothing to finish";
			return;
		}
		this.waitsForQueue = !(bean instanceof ThreadPoolTaskScheduler);
		this.finishedBefore = executor.getCompletedTaskCount();
		this.pool = executor;
		((ExecutorConfigurationSupport) bean).initiateShutdown();
		while (!idle(executor)) {
			// Interrupted when the deadline passes: the engine reports the executor timed out.
			Thread.sleep(POLL.toMillis());
		}
	}

	private static @Nullable ThreadPoolExecutor poolOf(Object bean) {
		try {
			if (bean instanceof ThreadPoolTaskExecutor executor) {
				return executor.getThreadPoolExecutor();
			}
			if (bean instanceof ThreadPoolTaskScheduler scheduler) {
				return scheduler.getScheduledThreadPoolExecutor();
			}
		}
		catch (IllegalStateException ex) {
			// not initialized: it never ran a task
		}
		return null;
	}

	private boolean idle(ThreadPoolExecutor executor) {
		return executor.getActiveCount() == 0 && (!this.waitsForQueue || executor.getQueue().isEmpty());
	}

	@Override
	public @Nullable String detail() {
		ThreadPoolExecutor executor = this.pool;
		if (executor == null) {
			return this.notRun;
		}
		long finished = finished(executor);
		long abandoned = abandoned(executor);
		if (finished == 0 && abandoned == 0) {
			return null;
		}
		return finished + ((finished == 1) ? " task" : " tasks") + " finished" + ((abandoned > 0) ? ", " + abandoned + " abandoned ("
				+ executor.getActiveCount() + " running, " + executor.getQueue().size() + " not started)" : "");
	}

	@Override
	public Map<String, Long> counts() {
		ThreadPoolExecutor executor = this.pool;
		Map<String, Long> counts = new LinkedHashMap<>();
		counts.put(TASKS_FINISHED, (executor != null) ? finished(executor) : 0L);
		counts.put(TASKS_ABANDONED, (executor != null) ? abandoned(executor) : 0L);
		return counts;
	}

	private long finished(ThreadPoolExecutor executor) {
		return executor.getCompletedTaskCount() - this.finishedBefore;
	}

	private static long abandoned(ThreadPoolExecutor executor) {
		return executor.getActiveCount() + executor.getQueue().size();
	}

}

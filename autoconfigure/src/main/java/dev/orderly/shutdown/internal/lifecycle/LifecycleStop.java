package dev.orderly.shutdown.internal.lifecycle;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

import dev.orderly.shutdown.ShutdownContext;
import dev.orderly.shutdown.internal.engine.CountingTask;
import dev.orderly.shutdown.internal.engine.DelegatingTask;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.Lifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.ClassUtils;

/**
 * Stops a lifecycle bean inside its stage. A {@code SmartLifecycle} is stopped as Spring
 * would stop it, with {@code stop(Runnable)}, and has stopped when it runs the callback: the
 * task waits for that until it is cancelled at its deadline. A bean not created (a lazy one)
 * or not running has nothing to stop. A stop that times out is reported with the stack of a
 * thread running the bean's code, where an asynchronous stop does its work.
 */
final class LifecycleStop implements CountingTask, DelegatingTask {

	private final ConfigurableListableBeanFactory beanFactory;

	private final String beanName;

	private volatile @Nullable String detail;

	LifecycleStop(ConfigurableListableBeanFactory beanFactory, String beanName) {
		this.beanFactory = beanFactory;
		this.beanName = beanName;
	}

	@Override
	public void run(ShutdownContext context) throws InterruptedException {
		if (!(this.beanFactory.getSingleton(this.beanName) instanceof Lifecycle lifecycle)) {
			this.detail = "not created: nothing to stop";
			return;
		}
		if (!lifecycle.isRunning()) {
			this.detail = "not running: nothing to stop";
			return;
		}
		if (lifecycle instanceof SmartLifecycle smart) {
			CountDownLatch stopped = new CountDownLatch(1);
			smart.stop(stopped::countDown);
			// Interrupted when the deadline passes: the engine reports the member timed out.
			stopped.await();
		}
		else {
			lifecycle.stop();
		}
	}

	@Override
	public @Nullable String detail() {
		return this.detail;
	}

	@Override
	public Map<String, Long> counts() {
		return Map.of();
	}

	@Override
	public @Nullable Class<?> delegate() {
		Class<?> type = this.beanFactory.getType(this.beanName);
		// a proxy's generated subclass runs none of the bean's code
		return (type != null) ? ClassUtils.getUserClass(type) : null;
	}

}

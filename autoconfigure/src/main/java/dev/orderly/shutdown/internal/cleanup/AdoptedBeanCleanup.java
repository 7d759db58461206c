package dev.orderly.shutdown.internal.cleanup;

import dev.orderly.shutdown.ShutdownContext;
import dev.orderly.shutdown.ShutdownTask;

import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;

/**
 * Runs an adopted bean's cleanup inside its stage. {@code destroySingleton} runs every
 * destroy callback of the bean once (after those of the beans that depend on it) and
 * removes it from the container's list, so bean destruction does not run it again.
 * <p>
 * Spring logs an exception thrown by a destroy callback at WARN and does not rethrow it,
 * so such a failure shows in the log, not as a {@code failed} task.
 */
public final class AdoptedBeanCleanup implements ShutdownTask {

	private final DefaultSingletonBeanRegistry registry;

	private final String beanName;

	public AdoptedBeanCleanup(DefaultSingletonBeanRegistry registry, String beanName) {
		this.registry = registry;
		this.beanName = beanName;
	}

	@Override
	public void run(ShutdownContext context) {
		this.registry.destroySingleton(this.beanName);
	}

}

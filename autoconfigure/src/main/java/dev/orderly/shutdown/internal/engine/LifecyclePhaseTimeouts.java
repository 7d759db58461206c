package dev.orderly.shutdown.internal.engine;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.LifecycleProcessor;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.context.support.DefaultLifecycleProcessor;

/**
 * Tells Spring's lifecycle processor how long to wait for a phase the engine runs a stage
 * in. {@code DefaultLifecycleProcessor} reads a phase's timeout once every bean of the
 * phase has been asked to stop, so the engine sets it at that moment from its own clock:
 * what is left of the stage, never a fixed value that started counting earlier.
 */
final class LifecyclePhaseTimeouts {

	private static final Log logger = LogFactory.getLog(LifecyclePhaseTimeouts.class);

	private final BeanFactory beanFactory;

	/**
	 * Create an instance.
	 * @param beanFactory where the lifecycle processor is found when a phase stops (it is
	 * created after every singleton)
	 */
	LifecyclePhaseTimeouts(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	/**
	 * Let Spring wait for the phase for the given time, counted from now.
	 * @param phase the lifecycle phase that is stopping
	 * @param wait how long Spring may wait for the phase's beans
	 */
	void set(int phase, Duration wait) {
		DefaultLifecycleProcessor processor = processor();
		if (processor != null) {
			// Spring takes whole milliseconds; rounding up keeps the wait from ending early.
			processor.setTimeoutForShutdownPhase(phase, Math.max(0, wait.plusNanos(999_999).toMillis()));
		}
	}

	private @Nullable DefaultLifecycleProcessor processor() {
		try {
			if (this.beanFactory.getBean(AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME,
					LifecycleProcessor.class) instanceof DefaultLifecycleProcessor processor) {
				return processor;
			}
		}
		catch (BeansException ex) {
			// fall through: no processor whose phases can be bounded
		}
		logger.warn("No DefaultLifecycleProcessor found: Spring's wait for each shutdown phase is not bounded by "
				+ "its stage");
		return null;
	}

}

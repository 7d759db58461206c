package dev.orderly.shutdown.autoconfigure;

import dev.orderly.shutdown.plan.ShutdownPlan;
import dev.orderly.shutdown.plan.StagePlan;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.support.DefaultLifecycleProcessor;

/**
 * Gives Spring's lifecycle processor the stage timeouts as per-phase timeouts, so Spring's
 * wait for a stage's phase agrees with the stage's own limit (Spring Boot sets only one
 * timeout for every phase).
 */
final class LifecyclePhaseTimeouts implements BeanPostProcessor {

	private final ObjectProvider<ShutdownPlan> plan;

	LifecyclePhaseTimeouts(ObjectProvider<ShutdownPlan> plan) {
		this.plan = plan;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DefaultLifecycleProcessor processor) {
			for (StagePlan stage : this.plan.getObject().applicationStages()) {
				processor.setTimeoutForShutdownPhase(stage.phase(), stage.timeout().toMillis());
			}
		}
		return bean;
	}

}

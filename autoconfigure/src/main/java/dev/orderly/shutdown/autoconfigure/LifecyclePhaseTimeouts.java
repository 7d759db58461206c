package dev.orderly.shutdown.autoconfigure;

import dev.orderly.shutdown.plan.ShutdownPlan;
import dev.orderly.shutdown.plan.StagePlan;
import dev.orderly.shutdown.web.WebStageObserver;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.support.DefaultLifecycleProcessor;

/**
 * Gives Spring's lifecycle processor the stage timeouts as per-phase timeouts, so Spring's
 * wait for a stage's phase agrees with the stage's own limit (Spring Boot sets only one
 * timeout for every phase): the application stages' phases, and the web server's graceful
 * shutdown phase, bounded by the web stage's timeout.
 */
final class LifecyclePhaseTimeouts implements BeanPostProcessor {

	private final ObjectProvider<ShutdownPlan> plan;

	LifecyclePhaseTimeouts(ObjectProvider<ShutdownPlan> plan) {
		this.plan = plan;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DefaultLifecycleProcessor processor) {
			ShutdownPlan shutdownPlan = this.plan.getObject();
			for (StagePlan stage : shutdownPlan.applicationStages()) {
				processor.setTimeoutForShutdownPhase(stage.phase(), stage.timeout().toMillis());
			}
			shutdownPlan.stage(ShutdownPlanFactory.WEB)
				.ifPresent((web) -> processor.setTimeoutForShutdownPhase(WebStageObserver.GRACEFUL_SHUTDOWN_PHASE,
						web.timeout().toMillis()));
		}
		return bean;
	}

}

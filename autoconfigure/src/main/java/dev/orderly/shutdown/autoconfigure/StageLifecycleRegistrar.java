package dev.orderly.shutdown.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.orderly.shutdown.ShutdownConfigurationException.Problem;
import dev.orderly.shutdown.autoconfigure.ShutdownPlanFactory.WebTimeoutSettings;
import dev.orderly.shutdown.engine.ConfigurationProblems;
import dev.orderly.shutdown.engine.ShutdownEngine;
import dev.orderly.shutdown.engine.ShutdownReportLifecycle;
import dev.orderly.shutdown.engine.StageLifecycle;
import dev.orderly.shutdown.plan.ShutdownPhases;
import dev.orderly.shutdown.plan.ShutdownPlan;
import dev.orderly.shutdown.plan.StagePlan;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Builds the {@link ShutdownPlan} from the bound properties and registers it, one
 * {@link StageLifecycle} bean per application stage (stages come from configuration, so
 * their number is known only here) and the lifecycle that reports the run.
 */
final class StageLifecycleRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {

	static final String PLAN_BEAN = "orderlyShutdownPlan";

	static final String ENGINE_BEAN = "orderlyShutdownEngine";

	static final String PROBLEMS_BEAN = "orderlyShutdownConfigurationProblems";

	static final String DRAIN_BEAN = "orderlyShutdownTrafficDrain";

	static final String WEB_STAGE_BEAN = "orderlyShutdownWebStageObserver";

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		Binder binder = Binder.get(this.environment);
		OrderlyShutdownProperties properties = binder.bindOrCreate(PropertyNames.PREFIX,
				OrderlyShutdownProperties.class);
		// Auto-configuration has registered its definitions by now: the drain and the web stage
		// are planned only where they run.
		List<Problem> problems = new ArrayList<>();
		ShutdownPlan plan = ShutdownPlanFactory.create(properties, registry.containsBeanDefinition(DRAIN_BEAN),
				registry.containsBeanDefinition(WEB_STAGE_BEAN), WebTimeoutSettings.from(binder), problems);
		// Reported together with the problems of the tasks, once every singleton exists.
		registry.registerBeanDefinition(PROBLEMS_BEAN, BeanDefinitionBuilder
			.genericBeanDefinition(ConfigurationProblems.class)
			.addConstructorArgValue(problems)
			.getBeanDefinition());
		registry.registerBeanDefinition(PLAN_BEAN,
				BeanDefinitionBuilder.genericBeanDefinition(ShutdownPlan.class, () -> plan).getBeanDefinition());
		int count = 0;
		for (StagePlan stage : plan.applicationStages()) {
			registry.registerBeanDefinition("orderlyShutdownStage." + stage.name(),
					BeanDefinitionBuilder.genericBeanDefinition(StageLifecycle.class)
						.addConstructorArgReference(ENGINE_BEAN)
						.addConstructorArgValue(stage.name())
						.addConstructorArgValue(stage.phase())
						.getBeanDefinition());
			count++;
		}
		registry.registerBeanDefinition("orderlyShutdownReportLifecycle",
				BeanDefinitionBuilder.genericBeanDefinition(ShutdownReportLifecycle.class)
					.addConstructorArgReference(ENGINE_BEAN)
					.addConstructorArgValue(ShutdownPhases.report(count))
					.getBeanDefinition());
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
	}

}

package dev.orderly.shutdown.autoconfigure;

import dev.orderly.shutdown.internal.engine.StageLifecycle;
import dev.orderly.shutdown.internal.plan.ShutdownPlan;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

import static dev.orderly.shutdown.autoconfigure.ShutdownConfigurationFailures.analysis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The stage lifecycles are plain bean definitions. Where they were fixed ahead of time (Spring
 * AOT), as simulated here by registering them before the registrar runs, the registrar adds
 * none, and stages configured differently at runtime fail startup saying what to do.
 */
class StageLifecycleRegistrarTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class));

	@Test
	void eachApplicationStageGetsALifecycleAtThePhaseOfThePlan() {
		this.runner.withPropertyValues("orderly.shutdown.stages.audit.order=150")
			.run((context) -> assertThat(context.getBeansOfType(StageLifecycle.class).values())
				.extracting(StageLifecycle::stage, StageLifecycle::getPhase)
				.containsExactlyInAnyOrder(lifecycle(context, "consumers"), lifecycle(context, "audit"),
						lifecycle(context, "flush"), lifecycle(context, "release")));
	}

	@Test
	void stagesConfiguredDifferentlyFromTheAheadOfTimeDefinitionsFailStartupAskingToReRunAotProcessing() {
		this.runner.withInitializer((context) -> registerAheadOfTime((GenericApplicationContext) context,
				"consumers", "flush", "release"))
			.withPropertyValues("orderly.shutdown.stages.audit.order=150")
			.run((context) -> assertThat(analysis(context)).satisfies((analysis) -> {
				assertThat(analysis.getDescription()).contains("orderly.shutdown.stages names the application stages "
						+ "[audit, consumers, flush, release], but the application was processed ahead of time "
						+ "(Spring AOT) with the stages [consumers, flush, release]");
				assertThat(analysis.getDescription()).contains("Fix: Re-run AOT processing");
			}));
	}

	@Test
	void stagesConfiguredAsTheAheadOfTimeDefinitionsStartWithoutRegisteringThemTwice() {
		this.runner.withInitializer((context) -> registerAheadOfTime((GenericApplicationContext) context,
				"consumers", "flush", "release"))
			.run((context) -> assertThat(context).hasNotFailed().getBeans(StageLifecycle.class).hasSize(3));
	}

	private static Tuple lifecycle(ApplicationContext context, String stage) {
		return tuple(stage, context.getBean(ShutdownPlan.class).stage(stage).orElseThrow().phase());
	}

	private static void registerAheadOfTime(GenericApplicationContext context, String... stages) {
		for (String stage : stages) {
			context.registerBeanDefinition("orderlyShutdownStage." + stage,
					BeanDefinitionBuilder.genericBeanDefinition(StageLifecycle.class)
						.addConstructorArgReference(StageLifecycleRegistrar.ENGINE_BEAN)
						.addConstructorArgValue(stage)
						.getBeanDefinition());
		}
	}

}

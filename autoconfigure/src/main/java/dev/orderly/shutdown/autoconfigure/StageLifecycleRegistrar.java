package dev.orderly.shutdown.autoconfigure;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.orderly.shutdown.ShutdownConfigurationException.Problem;
import dev.orderly.shutdown.internal.engine.StageLifecycle;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Registers one {@link StageLifecycle} bean per configured application stage: their number
 * comes from configuration, so a {@code @Bean} method cannot declare them. The definitions
 * hold only the engine's bean name and the stage name, so Spring AOT can write them out; the
 * lifecycles take their phase and timeout from the plan at runtime.
 * <p>
 * With Spring AOT the definitions are fixed at build time and this registrar may run again
 * at runtime: it then registers nothing, and {@link #checkRegistered} tells the user to
 * re-run AOT processing if the configured stages have changed since.
 */
final class StageLifecycleRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {

	static final String ENGINE_BEAN = "orderlyShutdownEngine";

	private static final String STAGE_BEAN_PREFIX = "orderlyShutdownStage.";

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		if (!registeredStages(registry.getBeanDefinitionNames()).isEmpty()) {
			// Definitions restored from AOT processing: they are checked against the plan.
			return;
		}
		// Only the names are needed here: a stage's settings are bound, and a bad value reported,
		// where the properties are bound for the plan.
		Set<String> configured = Binder.get(this.environment)
			.bind(PropertyNames.of("stages"), Bindable.mapOf(String.class, Object.class))
			.map((stages) -> stages.keySet())
			.orElse(Set.of());
		for (String stage : ShutdownPlanFactory.applicationStageNames(configured)) {
			registry.registerBeanDefinition(STAGE_BEAN_PREFIX + stage,
					BeanDefinitionBuilder.genericBeanDefinition(StageLifecycle.class)
						.addConstructorArgReference(ENGINE_BEAN)
						.addConstructorArgValue(stage)
						.getBeanDefinition());
		}
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
	}

	/**
	 * Check that a lifecycle is registered for exactly the configured application stages,
	 * which fails only where the definitions were fixed by AOT processing.
	 * @param beanDefinitionNames the names of all bean definitions
	 * @param configured the names under {@code orderly.shutdown.stages}
	 * @param problems where to add the mismatch
	 */
	static void checkRegistered(String[] beanDefinitionNames, Collection<String> configured, List<Problem> problems) {
		Set<String> registered = registeredStages(beanDefinitionNames);
		Set<String> expected = new TreeSet<>(ShutdownPlanFactory.applicationStageNames(configured));
		if (!registered.equals(expected)) {
			problems.add(new Problem(PropertyNames.of("stages"),
					"names the application stages " + expected + ", but the application was processed ahead of "
							+ "time (Spring AOT) with the stages " + registered,
					"Re-run AOT processing (such as spring-boot:process-aot or processAot) after changing "
							+ PropertyNames.of("stages") + ", or set the stages it was processed with."));
		}
	}

	private static Set<String> registeredStages(String[] beanDefinitionNames) {
		Set<String> stages = new TreeSet<>();
		Arrays.stream(beanDefinitionNames)
			.filter((name) -> name.startsWith(STAGE_BEAN_PREFIX))
			.forEach((name) -> stages.add(name.substring(STAGE_BEAN_PREFIX.length())));
		return stages;
	}

}

package dev.orderly.shutdown.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.orderly.shutdown.OrderlyShutdown;
import dev.orderly.shutdown.ShutdownConfigurationException.Problem;
import dev.orderly.shutdown.autoconfigure.ShutdownPlanFactory.PlatformSettings;
import dev.orderly.shutdown.internal.engine.ConfigurationProblems;
import dev.orderly.shutdown.internal.engine.ContextClosedTrigger;
import dev.orderly.shutdown.internal.engine.OnShutdownMethodCollector;
import dev.orderly.shutdown.internal.engine.ShutdownEngine;
import dev.orderly.shutdown.internal.engine.ShutdownInitiator;
import dev.orderly.shutdown.internal.engine.ShutdownPhaseHook;
import dev.orderly.shutdown.internal.engine.ShutdownReportLifecycle;
import dev.orderly.shutdown.internal.engine.ShutdownTaskCollector;
import dev.orderly.shutdown.internal.lifecycle.DefaultLifecycleMembers;
import dev.orderly.shutdown.internal.lifecycle.LifecycleMembers;
import dev.orderly.shutdown.internal.lifecycle.StagedLifecycleProcessor;
import dev.orderly.shutdown.internal.plan.ShutdownPlan;
import dev.orderly.shutdown.internal.plan.StagePlan;
import dev.orderly.shutdown.internal.report.ShutdownReportLogger;
import dev.orderly.shutdown.internal.report.file.ShutdownReportFile;
import dev.orderly.shutdown.report.ShutdownListener;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aot.AotDetector;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SearchStrategy;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the staged shutdown engine.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = LifecycleAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "orderly.shutdown.enabled", matchIfMissing = true)
@EnableConfigurationProperties(OrderlyShutdownProperties.class)
@Import({ ServletDrainConfiguration.class, ReactiveDrainConfiguration.class,
		ReportFileWithoutJacksonConfiguration.class, ExitWatchdogConfiguration.class })
public final class OrderlyShutdownAutoConfiguration {

	private static final Log logger = LogFactory.getLog(OrderlyShutdownAutoConfiguration.class);

	/**
	 * The shutdown's own beans exist from startup even with
	 * {@code spring.main.lazy-initialization}, rather than being created by the shutdown they
	 * serve; each configuration of the starter lists its beans the same way.
	 */
	@Bean
	static LazyInitializationExcludeFilter orderlyShutdownLazyInitializationExcludeFilter() {
		return LazyInitializationExcludeFilter.forBeanTypes(ShutdownEngine.class, ContextClosedTrigger.class,
				ShutdownPhaseHook.class, ShutdownReportLogger.class);
	}

	@Bean
	static StageLifecycleRegistrar orderlyShutdownStageLifecycleRegistrar() {
		return new StageLifecycleRegistrar();
	}

	@Bean
	static OnShutdownMethodCollector orderlyShutdownMethodCollector() {
		return new OnShutdownMethodCollector();
	}

	@Bean
	ConfigurationProblems orderlyShutdownConfigurationProblems() {
		return new ConfigurationProblems();
	}

	/**
	 * The plan, built at runtime from the bound properties, the platform and the web stack
	 * the web configurations contributed; its problems are reported with the tasks' ones.
	 */
	@Bean
	ShutdownPlan orderlyShutdownPlan(OrderlyShutdownProperties properties, ObjectProvider<WebStack> webStack,
			Environment environment, ConfigurableListableBeanFactory beanFactory, ConfigurationProblems problems) {
		List<Problem> found = new ArrayList<>();
		DefaultLifecycleMembers defaults = DefaultLifecycleMembers.find(beanFactory,
				properties.getLifecycles().isListenerContainers(), properties.getLifecycles().isExecutors());
		ShutdownPlan plan = plan(properties, webStack.getIfAvailable(() -> WebStack.NONE),
				PlatformSettings.from(environment), defaults, beanFactory.getBeanDefinitionNames(), found);
		found.forEach(problems::add);
		OrderlyShutdownReportFileAutoConfiguration.warnIfSetButNotProcessed(properties,
				AotDetector.useGeneratedArtifacts(),
				beanFactory.getBeanNamesForType(ShutdownReportFile.class, true, false).length > 0);
		return plan;
	}

	/**
	 * The plan and its problems. The stages registered ahead of time are compared with the
	 * configured ones only when the plan has no problem: a typo'd stage name is a problem of
	 * the plan, not a change that needs AOT processing again.
	 */
	static ShutdownPlan plan(OrderlyShutdownProperties properties, WebStack webStack, PlatformSettings platform,
			String[] beanDefinitionNames, List<Problem> found) {
		return plan(properties, webStack, platform, DefaultLifecycleMembers.NONE, beanDefinitionNames, found);
	}

	/**
	 * The plan and its problems, with the lifecycle beans the starter moves by default:
	 * listener containers into {@code consumers}, executors into {@code flush}.
	 */
	static ShutdownPlan plan(OrderlyShutdownProperties properties, WebStack webStack, PlatformSettings platform,
			DefaultLifecycleMembers defaults, String[] beanDefinitionNames, List<Problem> found) {
		ShutdownPlanFactory.deprecatedNamesInUse(properties)
			.forEach((old, replacement) -> logger.warn(old + " is deprecated; use " + replacement));
		ShutdownPlan plan = ShutdownPlanFactory.create(properties, webStack, platform,
				Map.of(StagePlan.CONSUMERS, defaults.listenerContainers(), StagePlan.FLUSH, defaults.executors()),
				found);
		if (found.isEmpty()) {
			StageLifecycleRegistrar.checkRegistered(beanDefinitionNames, properties.getStages().keySet(), found);
		}
		return plan;
	}

	@Bean(StageLifecycleRegistrar.ENGINE_BEAN)
	ShutdownEngine orderlyShutdownEngine(ShutdownPlan plan, ObjectProvider<ShutdownListener> listeners,
			BeanFactory beanFactory, Environment environment) {
		return new ShutdownEngine(plan, listeners, beanFactory,
				PlatformSettings.from(environment).timeoutPerShutdownPhase());
	}

	/** Finishes the run just after the last lifecycle phase the report covers. */
	@Bean
	ShutdownReportLifecycle orderlyShutdownReportLifecycle(ShutdownEngine engine) {
		return new ShutdownReportLifecycle(engine);
	}

	@Bean
	ShutdownTaskCollector orderlyShutdownTaskCollector(ShutdownEngine engine,
			ConfigurableListableBeanFactory beanFactory, OnShutdownMethodCollector methodCollector,
			Environment environment, ConfigurationProblems problems, LifecycleMembers lifecycleMembers) {
		return new ShutdownTaskCollector(engine, beanFactory, methodCollector, environment, problems,
				List.of(lifecycleMembers));
	}

	@Bean
	LifecycleMembers orderlyShutdownLifecycleMembers(ConfigurableListableBeanFactory beanFactory,
			ShutdownEngine engine) {
		return new LifecycleMembers(beanFactory, engine);
	}

	/**
	 * Spring Boot's lifecycle processor, with the same timeout per phase, that also leaves
	 * the lifecycle beans the stages stop out of Spring's own stop during the run. Backs off
	 * like Boot's when the application defines its own.
	 */
	@Bean(AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME)
	@ConditionalOnMissingBean(name = AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME,
			search = SearchStrategy.CURRENT)
	StagedLifecycleProcessor orderlyShutdownLifecycleProcessor(LifecycleMembers members,
			ObjectProvider<LifecycleProperties> lifecycleProperties) {
		StagedLifecycleProcessor processor = new StagedLifecycleProcessor(members);
		lifecycleProperties.ifAvailable((properties) -> processor
			.setTimeoutPerShutdownPhase(properties.getTimeoutPerShutdownPhase().toMillis()));
		return processor;
	}

	@Bean
	ContextClosedTrigger orderlyShutdownContextClosedTrigger(ShutdownEngine engine,
			ConfigurableApplicationContext context) {
		return new ContextClosedTrigger(engine, context);
	}

	@Bean
	ShutdownInitiator orderlyShutdownInitiator(ShutdownEngine engine, ConfigurableApplicationContext context) {
		return new ShutdownInitiator(engine, context);
	}

	@Bean
	@ConditionalOnMissingBean
	OrderlyShutdown orderlyShutdown(ShutdownInitiator initiator) {
		return initiator.orderlyShutdown();
	}

	// Not replaceable: the type is internal. An application logs the report its own way with a
	// ShutdownListener bean.
	@Bean
	ShutdownReportLogger orderlyShutdownReportLogger() {
		return new ShutdownReportLogger();
	}

}

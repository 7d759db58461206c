package dev.orderly.shutdown.autoconfigure;

import dev.orderly.shutdown.OrderlyShutdown;
import dev.orderly.shutdown.engine.ConfigurationProblems;
import dev.orderly.shutdown.engine.ContextClosedTrigger;
import dev.orderly.shutdown.engine.OnShutdownMethodCollector;
import dev.orderly.shutdown.engine.ShutdownEngine;
import dev.orderly.shutdown.engine.ShutdownPhaseHook;
import dev.orderly.shutdown.engine.ShutdownTaskCollector;
import dev.orderly.shutdown.engine.StageLifecycle;
import dev.orderly.shutdown.plan.ShutdownPlan;
import dev.orderly.shutdown.report.ShutdownListener;
import dev.orderly.shutdown.report.ShutdownReportLogger;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the staged shutdown engine.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "orderly.shutdown.enabled", matchIfMissing = true)
@EnableConfigurationProperties(OrderlyShutdownProperties.class)
@Import({ ServletDrainConfiguration.class, ReactiveDrainConfiguration.class })
public final class OrderlyShutdownAutoConfiguration {

	/**
	 * The shutdown's own beans exist from startup even with
	 * {@code spring.main.lazy-initialization}, rather than being created by the shutdown they
	 * serve; each configuration of the starter lists its beans the same way.
	 */
	@Bean
	static LazyInitializationExcludeFilter orderlyShutdownLazyInitializationExcludeFilter() {
		return LazyInitializationExcludeFilter.forBeanTypes(ShutdownEngine.class, ContextClosedTrigger.class,
				ShutdownPhaseHook.class, ShutdownReportLogger.class, ProcessedStagesCheck.class);
	}

	@Bean
	static StageLifecycleRegistrar orderlyShutdownStageLifecycleRegistrar() {
		return new StageLifecycleRegistrar();
	}

	@Bean
	static OnShutdownMethodCollector orderlyShutdownMethodCollector() {
		return new OnShutdownMethodCollector();
	}

	@Bean(StageLifecycleRegistrar.ENGINE_BEAN)
	ShutdownEngine orderlyShutdownEngine(ShutdownPlan plan, ObjectProvider<ShutdownListener> listeners,
			BeanFactory beanFactory) {
		return new ShutdownEngine(plan, listeners, beanFactory);
	}

	@Bean
	ShutdownTaskCollector orderlyShutdownTaskCollector(ShutdownEngine engine,
			ConfigurableListableBeanFactory beanFactory, OnShutdownMethodCollector methodCollector,
			Environment environment, ConfigurationProblems problems) {
		return new ShutdownTaskCollector(engine, beanFactory, methodCollector, environment, problems);
	}

	@Bean
	ProcessedStagesCheck orderlyShutdownProcessedStagesCheck(ShutdownPlan plan,
			ObjectProvider<StageLifecycle> lifecycles, ConfigurationProblems problems) {
		return new ProcessedStagesCheck(plan, lifecycles, problems);
	}

	@Bean
	ContextClosedTrigger orderlyShutdownContextClosedTrigger(ShutdownEngine engine,
			ConfigurableApplicationContext context) {
		return new ContextClosedTrigger(engine, context);
	}

	@Bean
	@ConditionalOnMissingBean
	OrderlyShutdown orderlyShutdown(ShutdownEngine engine, ConfigurableApplicationContext context) {
		return new OrderlyShutdown(engine, context);
	}

	@Bean
	@ConditionalOnMissingBean
	ShutdownReportLogger orderlyShutdownReportLogger() {
		return new ShutdownReportLogger();
	}

}

package dev.orderly.shutdown.autoconfigure;

import dev.orderly.shutdown.internal.actuate.metrics.DeferredContextClosedListeners;
import dev.orderly.shutdown.internal.actuate.metrics.ShutdownRequestMetrics;
import dev.orderly.shutdown.internal.drain.InFlightRequests;
import dev.orderly.shutdown.internal.engine.ShutdownEngine;
import dev.orderly.shutdown.internal.engine.ShutdownPhaseHook;
import dev.orderly.shutdown.internal.engine.ShutdownReportLifecycle;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;

/**
 * Auto-configuration of the shutdown's request meters, and of closing the meter registries
 * after the stages rather than before them.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = OrderlyShutdownAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration")
@ConditionalOnBooleanProperty(name = "orderly.shutdown.enabled", matchIfMissing = true)
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
public final class OrderlyShutdownMetricsAutoConfiguration {

	// DeferredContextClosedListeners needs no entry: Spring Boot never makes a
	// SmartInitializingSingleton lazy
	@Bean
	static LazyInitializationExcludeFilter orderlyShutdownMetricsLazyInitializationExcludeFilter() {
		return LazyInitializationExcludeFilter.forBeanTypes(ShutdownRequestMetrics.class);
	}

	@Bean
	@ConditionalOnBean(InFlightRequests.class)
	ShutdownRequestMetrics orderlyShutdownRequestMetrics(InFlightRequests requests) {
		return new ShutdownRequestMetrics(requests);
	}

	/**
	 * Spring Boot closes the meter registries when the context starts closing; this makes its
	 * closer do so right after the report, so that push registries export the shutdown's meters.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration")
	@ConditionalOnBean(type = "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration")
	static class RegistryClosingConfiguration {

		// infrastructure, so that BeanCleanupInspector leaves it out of the plan's "untimed
		// cleanup": its destroy() only delivers the deferred event if no run did, it cleans
		// up nothing of the application's
		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		DeferredContextClosedListeners orderlyShutdownDeferredMeterRegistryClosing(
				ConfigurableApplicationContext context,
				ConfigurableListableBeanFactory beanFactory) {
			return new DeferredContextClosedListeners(context, beanFactory, MetricsAutoConfiguration.class);
		}

		@Bean
		ShutdownPhaseHook orderlyShutdownMeterRegistryClosing(ShutdownEngine engine,
				DeferredContextClosedListeners deferredClosing) {
			return ShutdownReportLifecycle.justAfter(engine, deferredClosing::deliver);
		}

	}

}

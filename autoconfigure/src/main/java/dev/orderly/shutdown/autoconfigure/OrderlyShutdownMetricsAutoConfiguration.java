package dev.orderly.shutdown.autoconfigure;

import dev.orderly.shutdown.actuate.metrics.EarlyMeterRegistryCloserRemoval;
import dev.orderly.shutdown.actuate.metrics.MeterRegistriesCloser;
import dev.orderly.shutdown.actuate.metrics.ShutdownRequestMetrics;
import dev.orderly.shutdown.engine.ShutdownEngine;
import dev.orderly.shutdown.engine.ShutdownPhaseHook;
import dev.orderly.shutdown.plan.ShutdownPhases;
import dev.orderly.shutdown.web.InFlightRequests;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

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

	@Bean
	static LazyInitializationExcludeFilter orderlyShutdownMetricsLazyInitializationExcludeFilter() {
		return LazyInitializationExcludeFilter.forBeanTypes(ShutdownRequestMetrics.class);
	}

	@Bean
	static EarlyMeterRegistryCloserRemoval orderlyShutdownEarlyMeterRegistryCloserRemoval() {
		return new EarlyMeterRegistryCloserRemoval();
	}

	@Bean
	ShutdownPhaseHook orderlyShutdownMeterRegistriesCloser(ShutdownEngine engine, ListableBeanFactory beanFactory,
			Environment environment) {
		MeterRegistriesCloser closer = new MeterRegistriesCloser(beanFactory,
				environment.getProperty("management.metrics.use-global-registry", Boolean.class, true));
		// just after the report
		return new ShutdownPhaseHook(engine, ShutdownPhases.report(engine.plan().applicationStages().size()) - 1,
				closer::close);
	}

	@Bean
	@ConditionalOnBean(InFlightRequests.class)
	ShutdownRequestMetrics orderlyShutdownRequestMetrics(InFlightRequests requests) {
		return new ShutdownRequestMetrics(requests);
	}

}

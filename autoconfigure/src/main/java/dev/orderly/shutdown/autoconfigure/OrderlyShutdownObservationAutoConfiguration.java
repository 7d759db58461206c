package dev.orderly.shutdown.autoconfigure;

import dev.orderly.shutdown.actuate.observation.ShutdownObservations;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the shutdown's observations, which Spring Boot turns into timers and,
 * with Micrometer Tracing, spans.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = OrderlyShutdownAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnBooleanProperty(name = "orderly.shutdown.enabled", matchIfMissing = true)
@ConditionalOnClass(name = "io.micrometer.observation.ObservationRegistry")
@ConditionalOnBean(ObservationRegistry.class)
public final class OrderlyShutdownObservationAutoConfiguration {

	@Bean
	static LazyInitializationExcludeFilter orderlyShutdownObservationsLazyInitializationExcludeFilter() {
		return LazyInitializationExcludeFilter.forBeanTypes(ShutdownObservations.class);
	}

	@Bean
	@ConditionalOnMissingBean
	ShutdownObservations orderlyShutdownObservations(ObservationRegistry registry) {
		return new ShutdownObservations(registry);
	}

}

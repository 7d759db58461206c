package dev.orderly.shutdown.autoconfigure;

import dev.orderly.shutdown.internal.actuate.observation.ShutdownObservations;
import dev.orderly.shutdown.observation.ShutdownObservationConvention;
import dev.orderly.shutdown.observation.ShutdownStageObservationConvention;
import dev.orderly.shutdown.observation.ShutdownTaskObservationConvention;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the shutdown's observations, which Spring Boot turns into timers and,
 * with Micrometer Tracing, spans. A bean of {@link ShutdownObservationConvention},
 * {@link ShutdownStageObservationConvention} or {@link ShutdownTaskObservationConvention}
 * replaces the default convention of that observation.
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
	ShutdownObservations orderlyShutdownObservations(ObservationRegistry registry,
			ObjectProvider<ShutdownObservationConvention> runConvention,
			ObjectProvider<ShutdownStageObservationConvention> stageConvention,
			ObjectProvider<ShutdownTaskObservationConvention> taskConvention) {
		return new ShutdownObservations(registry, runConvention.getIfAvailable(), stageConvention.getIfAvailable(),
				taskConvention.getIfAvailable());
	}

}

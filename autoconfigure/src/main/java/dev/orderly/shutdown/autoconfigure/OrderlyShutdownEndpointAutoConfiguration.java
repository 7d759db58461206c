package dev.orderly.shutdown.autoconfigure;

import dev.orderly.shutdown.internal.actuate.endpoint.OrderlyShutdownEndpoint;
import dev.orderly.shutdown.internal.actuate.endpoint.OrderlyShutdownJmxExtension;
import dev.orderly.shutdown.internal.actuate.endpoint.OrderlyShutdownWebExtension;
import dev.orderly.shutdown.internal.actuate.endpoint.ShutdownReasonInvokerAdvisor;
import dev.orderly.shutdown.internal.actuate.endpoint.ShutdownStagesEndpoint;
import dev.orderly.shutdown.internal.engine.ShutdownEngine;
import dev.orderly.shutdown.internal.engine.ShutdownInitiator;
import dev.orderly.shutdown.internal.report.file.ShutdownReportFile;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the actuator endpoints: {@code shutdownstages}, and the staged
 * {@code shutdown} endpoint in place of Spring Boot's (which backs off).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { OrderlyShutdownAutoConfiguration.class, OrderlyShutdownReportFileAutoConfiguration.class },
		beforeName = "org.springframework.boot.actuate.autoconfigure.context.ShutdownEndpointAutoConfiguration")
@ConditionalOnBooleanProperty(name = "orderly.shutdown.enabled", matchIfMissing = true)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
public final class OrderlyShutdownEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint(ShutdownStagesEndpoint.class)
	ShutdownStagesEndpoint shutdownStagesEndpoint(ShutdownEngine engine, ObjectProvider<ShutdownReportFile> file) {
		return new ShutdownStagesEndpoint(engine,
				() -> file.stream().findFirst().flatMap(ShutdownReportFile::previousRun).orElse(null));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.actuate.context.ShutdownEndpoint")
	static class StagedShutdownEndpointConfiguration {

		@Bean(destroyMethod = "")
		@ConditionalOnMissingBean(org.springframework.boot.actuate.context.ShutdownEndpoint.class)
		@ConditionalOnAvailableEndpoint(OrderlyShutdownEndpoint.class)
		OrderlyShutdownEndpoint shutdownEndpoint(ShutdownInitiator shutdown, ShutdownEngine engine) {
			return new OrderlyShutdownEndpoint(shutdown, engine);
		}

		// Spring Boot's operation returns a type that cannot be extended: each transport gets
		// its own operation named "shutdown" (only for the staged endpoint, not a user's).
		// No destroy method: Spring would infer shutdown() as one, as for the endpoint.
		@Bean(destroyMethod = "")
		@ConditionalOnBean(OrderlyShutdownEndpoint.class)
		OrderlyShutdownWebExtension orderlyShutdownWebExtension(OrderlyShutdownEndpoint endpoint) {
			return new OrderlyShutdownWebExtension(endpoint);
		}

		@Bean(destroyMethod = "")
		@ConditionalOnBean(OrderlyShutdownEndpoint.class)
		OrderlyShutdownJmxExtension orderlyShutdownJmxExtension(OrderlyShutdownEndpoint endpoint) {
			return new OrderlyShutdownJmxExtension(endpoint);
		}

		@Bean
		static ShutdownReasonInvokerAdvisor orderlyShutdownReasonInvokerAdvisor() {
			return new ShutdownReasonInvokerAdvisor();
		}

	}

}

package dev.orderly.shutdown.autoconfigure;

import java.util.function.UnaryOperator;

import dev.orderly.shutdown.internal.drain.FirstWebFilter;
import dev.orderly.shutdown.internal.drain.IgnoredPaths;
import dev.orderly.shutdown.internal.drain.InFlightRequests;
import dev.orderly.shutdown.internal.drain.InFlightWebFilter;
import dev.orderly.shutdown.internal.drain.ReadinessProbeFailures;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.webflux.autoconfigure.WebHttpHandlerBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * The drain of reactive (WebFlux) web applications: {@link DrainConfiguration} and the
 * first web filter, which counts their requests.
 * <p>
 * The filter is not a {@code WebFilter} bean, whose place among the others would depend on
 * their orders and on when each was declared (a user's filter at
 * {@link Ordered#HIGHEST_PRECEDENCE} declared earlier would run first, and a request it
 * answers alone would not be counted): Spring Boot builds its {@code HttpHandler} with the
 * {@link WebHttpHandlerBuilderCustomizer} beans, and the last of them puts the filter at the
 * very front ({@link FirstWebFilter}).
 */
@Configuration(proxyBeanMethods = false)
@Import(DrainConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(name = { "org.springframework.web.server.WebFilter",
		"org.springframework.boot.webflux.autoconfigure.WebHttpHandlerBuilderCustomizer",
		"org.springframework.boot.web.server.reactive.context.ReactiveWebServerInitializedEvent" })
class ReactiveDrainConfiguration {

	@Bean
	WebStack orderlyShutdownWebStack() {
		return WebStack.REACTIVE;
	}

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	FirstWebFilter orderlyShutdownInFlightWebFilter(InFlightRequests requests,
			ObjectProvider<IgnoredPaths> ignoredPaths, ReadinessProbeFailures probeFailures) {
		return new FirstWebFilter(
				new InFlightWebFilter(requests, DrainConfiguration.allIgnoredPaths(ignoredPaths), probeFailures));
	}

	/**
	 * The actuator's paths on the application's server, which are health checks and
	 * scrapes, not traffic. WebFlux maps them within the application as they are.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints",
			"org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType" })
	static class ActuatorPathsConfiguration {

		@Bean
		IgnoredPaths orderlyShutdownActuatorIgnoredPaths(ObjectProvider<PathMappedEndpoints> endpoints,
				Environment environment) {
			return ActuatorPaths.of(endpoints.getIfAvailable(), UnaryOperator.identity(), ManagementPortType.get(environment));
		}

	}

}

package dev.orderly.shutdown.autoconfigure;

import dev.orderly.shutdown.internal.drain.FirstServletFilterCheck;
import dev.orderly.shutdown.internal.drain.IgnoredPaths;
import dev.orderly.shutdown.internal.drain.InFlightRequestFilter;
import dev.orderly.shutdown.internal.drain.InFlightRequests;
import dev.orderly.shutdown.internal.drain.ReadinessProbeFailures;
import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletPath;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * The drain of servlet web applications: {@link DrainConfiguration} and the first servlet
 * filter, which counts their requests.
 */
@Configuration(proxyBeanMethods = false)
@Import(DrainConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = { "jakarta.servlet.Filter",
		"org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter" })
class ServletDrainConfiguration {

	@Bean
	WebStack orderlyShutdownWebStack() {
		return WebStack.SERVLET;
	}

	@Bean
	FilterRegistrationBean<InFlightRequestFilter> orderlyShutdownInFlightRequestFilter(InFlightRequests requests,
			ObjectProvider<IgnoredPaths> ignoredPaths, ReadinessProbeFailures probeFailures) {
		FilterRegistrationBean<InFlightRequestFilter> registration = new FilterRegistrationBean<>(
				new InFlightRequestFilter(requests, DrainConfiguration.allIgnoredPaths(ignoredPaths), probeFailures));
		registration.setName("orderlyShutdownInFlightRequestFilter");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		registration.setAsyncSupported(true);
		return registration;
	}

	@Bean
	static FirstServletFilterCheck orderlyShutdownFirstServletFilterCheck(ListableBeanFactory beanFactory) {
		return new FirstServletFilterCheck(beanFactory);
	}

	/**
	 * The actuator's paths on the application's server, which are health checks and
	 * scrapes, not traffic.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints",
			"org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType",
			"org.springframework.boot.webmvc.autoconfigure.DispatcherServletPath" })
	static class ActuatorPathsConfiguration {

		@Bean
		IgnoredPaths orderlyShutdownActuatorIgnoredPaths(ObjectProvider<PathMappedEndpoints> endpoints,
				ObjectProvider<DispatcherServletPath> servletPath, Environment environment) {
			return ActuatorPaths.of(endpoints.getIfAvailable(), servletPath.getIfAvailable(() -> () -> "/")::getRelativePath,
					ManagementPortType.get(environment));
		}

	}

}

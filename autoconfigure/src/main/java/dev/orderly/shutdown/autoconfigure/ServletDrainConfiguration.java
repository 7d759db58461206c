package dev.orderly.shutdown.autoconfigure;

import dev.orderly.shutdown.internal.drain.GracefulShutdownStage;
import dev.orderly.shutdown.internal.drain.IgnoredPaths;
import dev.orderly.shutdown.internal.drain.InFlightRequestFilter;
import dev.orderly.shutdown.internal.drain.InFlightRequests;
import dev.orderly.shutdown.internal.drain.LongLivedResponsesAtDrain;
import dev.orderly.shutdown.internal.drain.TrafficDrain;
import dev.orderly.shutdown.internal.engine.ShutdownEngine;
import dev.orderly.shutdown.internal.plan.ShutdownPlan;
import dev.orderly.shutdown.internal.plan.StagePlan;
import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletPath;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * The drain, in-flight tracking and web stage of servlet web applications.
 */
@Configuration(proxyBeanMethods = false)
@Import(WebStageConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = { "jakarta.servlet.Filter",
		"org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter" })
class ServletDrainConfiguration {

	/**
	 * Requests are counted from the first one, and the drain listens from startup. The paths
	 * that are not traffic are created at startup too, so that one that cannot be fails
	 * startup rather than a request.
	 */
	@Bean
	static LazyInitializationExcludeFilter orderlyShutdownDrainLazyInitializationExcludeFilter() {
		return LazyInitializationExcludeFilter.forBeanTypes(InFlightRequests.class, LongLivedResponsesAtDrain.class,
				TrafficDrain.class, IgnoredPaths.class);
	}

	@Bean
	WebStack orderlyShutdownWebStack() {
		return WebStack.SERVLET;
	}

	@Bean
	InFlightRequests orderlyShutdownInFlightRequests() {
		return new InFlightRequests();
	}

	@Bean
	FilterRegistrationBean<InFlightRequestFilter> orderlyShutdownInFlightRequestFilter(InFlightRequests requests,
			ObjectProvider<IgnoredPaths> ignoredPaths) {
		// resolved by the filter at the first request: the actuator's paths need its endpoints,
		// which a filter, created with the web server, should not pull in early
		FilterRegistrationBean<InFlightRequestFilter> registration = new FilterRegistrationBean<>(
				new InFlightRequestFilter(requests,
						() -> ignoredPaths.orderedStream().reduce(IgnoredPaths.none(), IgnoredPaths::and)));
		registration.setName("orderlyShutdownInFlightRequestFilter");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		registration.setAsyncSupported(true);
		return registration;
	}

	@Bean
	IgnoredPaths orderlyShutdownConfiguredIgnoredPaths(ShutdownPlan plan) {
		try {
			return IgnoredPaths.of(drain(plan).ignoredPaths());
		}
		catch (IllegalArgumentException ex) {
			// the plan has reported each bad entry with every other problem, and startup fails
			// once they are all known
			return IgnoredPaths.none();
		}
	}

	@Bean
	LongLivedResponsesAtDrain orderlyShutdownLongLivedResponses() {
		return new LongLivedResponsesAtDrain();
	}

	@Bean
	TrafficDrain orderlyShutdownTrafficDrain(ShutdownEngine engine, InFlightRequests requests,
			LongLivedResponsesAtDrain longLivedResponses, ApplicationContext context,
			ObjectProvider<ApplicationAvailability> availability) {
		return new TrafficDrain(engine.stageRecorder(), requests, longLivedResponses, drain(engine.plan()), context,
				availability.getIfAvailable());
	}

	@Bean
	GracefulShutdownStage orderlyShutdownGracefulShutdownStage(ShutdownEngine engine, InFlightRequests requests) {
		return new GracefulShutdownStage(engine.stageRecorder(),
				(StagePlan.Web) engine.plan().stage(StagePlan.WEB).orElseThrow(), requests);
	}

	/** The servlet stack always plans the drain (see {@link WebStack#SERVLET}). */
	private static StagePlan.Drain drain(ShutdownPlan plan) {
		return (StagePlan.Drain) plan.stage(StagePlan.DRAIN).orElseThrow();
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
			PathMappedEndpoints mapped = endpoints.getIfAvailable();
			if (mapped == null) {
				return IgnoredPaths.none();
			}
			return ActuatorPaths.of(mapped, servletPath.getIfAvailable(() -> () -> "/"),
					ManagementPortType.get(environment));
		}

	}

}

package dev.orderly.shutdown.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.orderly.shutdown.autoconfigure.OrderlyShutdownProperties.Drain;
import dev.orderly.shutdown.engine.ShutdownEngine;
import dev.orderly.shutdown.web.DrainSettings;
import dev.orderly.shutdown.web.InFlightRequestFilter;
import dev.orderly.shutdown.web.InFlightRequests;
import dev.orderly.shutdown.web.LongLivedResponses;
import dev.orderly.shutdown.web.TrafficDrain;
import dev.orderly.shutdown.web.WebStageObserver;
import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
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

	/** Endpoint propagation to kube-proxy and ingress controllers takes a few seconds. */
	static final Duration KUBERNETES_MIN_DELAY = Duration.ofSeconds(3);

	/** Requests are counted from the first one, and the drain listens from startup. */
	@Bean
	static LazyInitializationExcludeFilter orderlyShutdownDrainLazyInitializationExcludeFilter() {
		return LazyInitializationExcludeFilter.forBeanTypes(InFlightRequests.class, LongLivedResponses.class,
				TrafficDrain.class);
	}

	@Bean
	InFlightRequests orderlyShutdownInFlightRequests() {
		return new InFlightRequests();
	}

	@Bean
	FilterRegistrationBean<InFlightRequestFilter> orderlyShutdownInFlightRequestFilter(InFlightRequests requests,
			Environment environment) {
		List<String> ignored = new ArrayList<>();
		ignored.add(environment.getProperty("management.endpoints.web.base-path", "/actuator"));
		if (environment.getProperty("management.endpoint.health.probes.add-additional-paths", Boolean.class, false)) {
			// Kubernetes probes on the main port: /livez and /readyz are health checks, not traffic
			ignored.addAll(List.of("/livez", "/readyz"));
		}
		FilterRegistrationBean<InFlightRequestFilter> registration = new FilterRegistrationBean<>(
				new InFlightRequestFilter(requests, ignored));
		registration.setName("orderlyShutdownInFlightRequestFilter");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		registration.setAsyncSupported(true);
		return registration;
	}

	@Bean
	@ConditionalOnMissingBean
	LongLivedResponses orderlyShutdownLongLivedResponses() {
		return new LongLivedResponses();
	}

	@Bean
	TrafficDrain orderlyShutdownTrafficDrain(ShutdownEngine engine, InFlightRequests requests,
			LongLivedResponses longLivedResponses, OrderlyShutdownProperties properties, Environment environment,
			ApplicationContext context, ObjectProvider<ApplicationAvailability> availability) {
		return new TrafficDrain(engine, requests, longLivedResponses, drainSettings(properties.getDrain(), environment),
				context, availability.getIfAvailable());
	}

	@Bean
	WebStageObserver orderlyShutdownWebStageObserver(ShutdownEngine engine, InFlightRequests requests) {
		return new WebStageObserver(engine, requests);
	}

	static DrainSettings drainSettings(Drain drain, Environment environment) {
		Duration minDelay = drain.getMinDelay();
		if (minDelay == null) {
			minDelay = CloudPlatform.KUBERNETES.isActive(environment) ? KUBERNETES_MIN_DELAY : Duration.ZERO;
		}
		return new DrainSettings(drain.getQuietPeriod(), minDelay, drain.getMaxDelay());
	}

}

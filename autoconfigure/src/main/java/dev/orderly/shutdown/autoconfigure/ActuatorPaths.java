package dev.orderly.shutdown.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import dev.orderly.shutdown.internal.drain.IgnoredPaths;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Where the actuator answers on the application's own server, within the application: below
 * the dispatcher servlet's path in a Spring MVC application, as they are in a WebFlux one
 * (whose base path is the context path {@link IgnoredPaths} already allows for). Every web
 * endpoint and the links page when the management
 * server shares the port, and, on any port setup, the additional paths of the server
 * namespace, such as the health probes' {@code /livez} and {@code /readyz} and a health
 * group's {@code additional-path=server:/healthz}. Those of the health endpoint (its groups
 * and their additional paths included) are {@linkplain IgnoredPaths#healthChecks health
 * checks}.
 */
final class ActuatorPaths {

	private ActuatorPaths() {
	}

	/**
	 * The actuator's paths.
	 * @param endpoints the mapped endpoints, or {@code null} if the actuator maps none
	 * @param withinApplication maps an endpoint's path to the path within the application,
	 * such as Spring MVC's {@code DispatcherServletPath::getRelativePath}
	 * @param managementPort where the management server runs
	 * @return the paths
	 */
	static IgnoredPaths of(@Nullable PathMappedEndpoints endpoints, UnaryOperator<String> withinApplication,
			ManagementPortType managementPort) {
		if (endpoints == null) {
			return IgnoredPaths.none();
		}
		List<String> patterns = new ArrayList<>();
		List<String> healthChecks = new ArrayList<>();
		EndpointId health = healthEndpoint();
		PathMappedEndpoint healthEndpoint = (health != null) ? endpoints.getEndpoint(health) : null;
		if (managementPort == ManagementPortType.SAME) {
			// a base path of '/' is cleaned to "", where Boot maps no links page
			if (StringUtils.hasText(endpoints.getBasePath())) {
				patterns.add(withinApplication.apply(endpoints.getBasePath()));
			}
			String healthPath = (health != null) ? endpoints.getPath(health) : null;
			for (String path : endpoints.getAllPaths()) {
				List<String> paths = path.equals(healthPath) ? healthChecks : patterns;
				paths.add(andBelow(withinApplication.apply(path)));
			}
		}
		for (PathMappedEndpoint endpoint : endpoints) {
			List<String> paths = (endpoint == healthEndpoint) ? healthChecks : patterns;
			endpoint.getAdditionalPaths(WebServerNamespace.SERVER)
				.forEach((path) -> paths.add(andBelow(withinApplication.apply(path))));
		}
		return IgnoredPaths.of(patterns).and(IgnoredPaths.healthChecks(healthChecks));
	}

	/**
	 * The health endpoint's id, if Spring Boot's health module, which the actuator does not
	 * need, is on the class path.
	 */
	private static @Nullable EndpointId healthEndpoint() {
		return ClassUtils.isPresent("org.springframework.boot.health.actuate.endpoint.HealthEndpoint",
				ActuatorPaths.class.getClassLoader()) ? HealthEndpointId.ID : null;
	}

	private static String andBelow(String path) {
		return StringUtils.trimTrailingCharacter(path, '/') + "/**";
	}

	/** Loaded only once the health module is known to be there. */
	private static final class HealthEndpointId {

		static final EndpointId ID = HealthEndpoint.ID;

	}

}

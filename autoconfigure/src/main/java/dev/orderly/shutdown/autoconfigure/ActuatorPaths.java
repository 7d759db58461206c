package dev.orderly.shutdown.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import dev.orderly.shutdown.internal.drain.IgnoredPaths;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.util.StringUtils;

/**
 * Where the actuator answers on the application's own server, within the application: below
 * the dispatcher servlet's path in a Spring MVC application, as they are in a WebFlux one
 * (whose base path is the context path {@link IgnoredPaths} already allows for). Every web
 * endpoint and the links page when the management
 * server shares the port, and, on any port setup, the additional paths of the server
 * namespace, such as the health probes' {@code /livez} and {@code /readyz} and a health
 * group's {@code additional-path=server:/healthz}.
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
		if (managementPort == ManagementPortType.SAME) {
			// a base path of '/' is cleaned to "", where Boot maps no links page
			if (StringUtils.hasText(endpoints.getBasePath())) {
				patterns.add(withinApplication.apply(endpoints.getBasePath()));
			}
			endpoints.getAllPaths().forEach((path) -> patterns.add(andBelow(withinApplication.apply(path))));
		}
		for (PathMappedEndpoint endpoint : endpoints) {
			endpoint.getAdditionalPaths(WebServerNamespace.SERVER)
				.forEach((path) -> patterns.add(andBelow(withinApplication.apply(path))));
		}
		return IgnoredPaths.of(patterns);
	}

	private static String andBelow(String path) {
		return StringUtils.trimTrailingCharacter(path, '/') + "/**";
	}

}

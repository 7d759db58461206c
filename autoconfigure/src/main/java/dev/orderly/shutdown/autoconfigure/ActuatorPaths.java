package dev.orderly.shutdown.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.orderly.shutdown.internal.drain.IgnoredPaths;

import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletPath;
import org.springframework.util.StringUtils;

/**
 * Where the actuator answers on the application's own server, as Spring MVC maps it below
 * the dispatcher servlet's path: every web endpoint and the links page when the management
 * server shares the port, and, on any port setup, the additional paths of the server
 * namespace, such as the health probes' {@code /livez} and {@code /readyz} and a health
 * group's {@code additional-path=server:/healthz}.
 */
final class ActuatorPaths {

	private ActuatorPaths() {
	}

	static IgnoredPaths of(PathMappedEndpoints endpoints, DispatcherServletPath servletPath,
			ManagementPortType managementPort) {
		List<String> patterns = new ArrayList<>();
		if (managementPort == ManagementPortType.SAME) {
			// a base path of '/' is cleaned to "", where Boot maps no links page
			if (StringUtils.hasText(endpoints.getBasePath())) {
				patterns.add(servletPath.getRelativePath(endpoints.getBasePath()));
			}
			endpoints.getAllPaths().forEach((path) -> patterns.add(andBelow(servletPath.getRelativePath(path))));
		}
		for (PathMappedEndpoint endpoint : endpoints) {
			endpoint.getAdditionalPaths(WebServerNamespace.SERVER)
				.forEach((path) -> patterns.add(andBelow(servletPath.getRelativePath(path))));
		}
		return IgnoredPaths.of(patterns);
	}

	private static String andBelow(String path) {
		return StringUtils.trimTrailingCharacter(path, '/') + "/**";
	}

}

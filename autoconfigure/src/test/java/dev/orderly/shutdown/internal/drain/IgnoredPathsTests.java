package dev.orderly.shutdown.internal.drain;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.server.RequestPath;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Which request paths {@link IgnoredPaths} matches; the drain integration tests show the
 * effect on a running server.
 */
class IgnoredPathsTests {

	private final IgnoredPaths paths = IgnoredPaths.of(List.of("/actuator/health/**", "/ping", "/internal/{id}/**"));

	@Test
	void matchesThePathWithinTheApplicationAfterTheContextPath() {
		assertThat(request("/api", "/api/actuator/health/readiness").matchedBy(this.paths)).isTrue();
		assertThat(request("/api", "/api/ping").matchedBy(this.paths)).isTrue();
		assertThat(request("", "/actuator/health").matchedBy(this.paths)).isTrue();
		assertThat(request("/api", "/actuator/health").matchedBy(this.paths)).isFalse();
	}

	@Test
	void aPatternEndingInDoubleStarMatchesItsRootButNotItsSiblings() {
		assertThat(request("", "/actuator/health").matchedBy(this.paths)).isTrue();
		assertThat(request("", "/actuator/healthy").matchedBy(this.paths)).isFalse();
		assertThat(request("", "/actuator/info").matchedBy(this.paths)).isFalse();
	}

	@Test
	void applicationPathsThatShareALiteralStartAreStillTraffic() {
		assertThat(request("", "/pingpong").matchedBy(this.paths)).isFalse();
		assertThat(request("", "/ping/more").matchedBy(this.paths)).isFalse();
		assertThat(request("", "/internal").matchedBy(this.paths)).isFalse();
		assertThat(request("", "/internal/7/status").matchedBy(this.paths)).isTrue();
		assertThat(request("", "/orders/ping").matchedBy(this.paths)).isFalse();
	}

	@Test
	void matchesAsSpringMvcDoesWithEncodedCharactersAndMatrixParameters() {
		assertThat(request("", "/actuator;jsessionid=1/health").matchedBy(this.paths)).isTrue();
		assertThat(request("/api", "/api/%70ing").matchedBy(this.paths)).isTrue();
		assertThat(request("", "/pi%6Eg").matchedBy(this.paths)).isTrue();
	}

	@Test
	void noPathsMatchNothingAndPathsCombine() {
		assertThat(request("", "/actuator/health").matchedBy(IgnoredPaths.none())).isFalse();
		IgnoredPaths both = IgnoredPaths.none().and(IgnoredPaths.of(List.of("/a"))).and(IgnoredPaths.of(List.of("/b")));
		assertThat(both.patterns()).containsExactly("/a", "/b");
		assertThat(request("", "/b").matchedBy(both)).isTrue();
	}

	@Test
	void aPatternMustStartWithASlashAndParse() {
		assertThatIllegalArgumentException().isThrownBy(() -> IgnoredPaths.of(List.of("ping")))
			.withMessage("'ping' does not start with '/'");
		assertThatIllegalArgumentException().isThrownBy(() -> IgnoredPaths.of(List.of("/{broken")));
	}

	@Test
	void matchesAReactiveRequestWithinWebFluxsBasePathAsAServletOne() {
		assertThat(this.paths.matches(reactive("/api", "/api/actuator/health/readiness"))).isTrue();
		assertThat(this.paths.matches(reactive("/api", "/api/%70ing"))).isTrue();
		assertThat(this.paths.matches(reactive("", "/actuator;jsessionid=1/health"))).isTrue();
		assertThat(this.paths.matches(reactive("/api", "/api/orders"))).isFalse();
		assertThat(this.paths.matches(reactive("", "/pingpong"))).isFalse();
		assertThat(this.paths.matches(reactive("", "/internal/7/status"))).isTrue();
		assertThat(IgnoredPaths.none().matches(reactive("", "/ping"))).isFalse();
	}

	@Test
	void healthChecksAreIgnoredAndKnownAsHealthChecksAfterCombiningWithOtherPaths() {
		IgnoredPaths all = IgnoredPaths.of(List.of("/actuator", "/actuator/info/**"))
			.and(IgnoredPaths.healthChecks(List.of("/actuator/health/**", "/readyz/**")))
			.and(IgnoredPaths.of(List.of("/ping")));
		assertThat(request("/api", "/api/actuator/health/readiness").matchedBy(all)).isTrue();
		assertThat(all.isHealthCheck("/api/actuator/health/readiness", "/api")).isTrue();
		assertThat(all.isHealthCheck("/api/actuator/health", "/api")).isTrue();
		assertThat(all.isHealthCheck("/readyz", "")).isTrue();
		assertThat(all.isHealthCheck(reactive("/api", "/api/readyz"))).isTrue();
		assertThat(all.isHealthCheck(reactive("", "/actuator/health/liveness"))).isTrue();
		// ignored, but not health checks
		assertThat(request("", "/ping").matchedBy(all)).isTrue();
		assertThat(all.isHealthCheck("/ping", "")).isFalse();
		assertThat(all.isHealthCheck("/actuator/info", "")).isFalse();
		assertThat(all.isHealthCheck(reactive("", "/actuator"))).isFalse();
		assertThat(this.paths.isHealthCheck("/actuator/health", "")).as("ignored paths that were not given as health "
				+ "checks").isFalse();
		assertThat(IgnoredPaths.none().isHealthCheck(reactive("", "/readyz"))).isFalse();
	}

	@Test
	void aPatternMatchingEveryPathIsFoundAndOthersAreNot() {
		assertThat(IgnoredPaths.of(List.of("/ping", "/**")).matchingEveryPath()).isEqualTo("/**");
		assertThat(IgnoredPaths.of(List.of("/{*path}")).matchingEveryPath()).isEqualTo("/{*path}");
		assertThat(IgnoredPaths.of(List.of("/*/**")).matchingEveryPath()).isEqualTo("/*/**");
		assertThat(IgnoredPaths.of(List.of("/*", "/", "/actuator/**", "/{id}")).matchingEveryPath()).isNull();
		assertThat(this.paths.matchingEveryPath()).isNull();
	}

	/** A servlet request, as the servlet filter sees it. */
	private static RequestView request(String contextPath, String uri) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
		request.setContextPath(contextPath);
		return (paths) -> paths.matches(request.getRequestURI(), request.getContextPath());
	}

	/**
	 * A reactive request's path within WebFlux's base path, as the reactive filter sees it:
	 * Spring parses every reactive request's path this way.
	 */
	private static RequestPath reactive(String basePath, String uri) {
		return RequestPath.parse(uri, basePath);
	}

	private interface RequestView {

		boolean matchedBy(IgnoredPaths paths);

	}

}

package dev.orderly.shutdown.internal.drain;

import java.util.List;

import org.junit.jupiter.api.Test;

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
		assertThat(this.paths.matches(request("/api", "/api/actuator/health/readiness"))).isTrue();
		assertThat(this.paths.matches(request("/api", "/api/ping"))).isTrue();
		assertThat(this.paths.matches(request("", "/actuator/health"))).isTrue();
		assertThat(this.paths.matches(request("/api", "/actuator/health"))).isFalse();
	}

	@Test
	void aPatternEndingInDoubleStarMatchesItsRootButNotItsSiblings() {
		assertThat(this.paths.matches(request("", "/actuator/health"))).isTrue();
		assertThat(this.paths.matches(request("", "/actuator/healthy"))).isFalse();
		assertThat(this.paths.matches(request("", "/actuator/info"))).isFalse();
	}

	@Test
	void applicationPathsThatShareALiteralStartAreStillTraffic() {
		assertThat(this.paths.matches(request("", "/pingpong"))).isFalse();
		assertThat(this.paths.matches(request("", "/ping/more"))).isFalse();
		assertThat(this.paths.matches(request("", "/internal"))).isFalse();
		assertThat(this.paths.matches(request("", "/internal/7/status"))).isTrue();
		assertThat(this.paths.matches(request("", "/orders/ping"))).isFalse();
	}

	@Test
	void matchesAsSpringMvcDoesWithEncodedCharactersAndMatrixParameters() {
		assertThat(this.paths.matches(request("", "/actuator;jsessionid=1/health"))).isTrue();
		assertThat(this.paths.matches(request("/api", "/api/%70ing"))).isTrue();
		assertThat(this.paths.matches(request("", "/pi%6Eg"))).isTrue();
	}

	@Test
	void noPathsMatchNothingAndPathsCombine() {
		assertThat(IgnoredPaths.none().matches(request("", "/actuator/health"))).isFalse();
		IgnoredPaths both = IgnoredPaths.none().and(IgnoredPaths.of(List.of("/a"))).and(IgnoredPaths.of(List.of("/b")));
		assertThat(both.patterns()).containsExactly("/a", "/b");
		assertThat(both.matches(request("", "/b"))).isTrue();
	}

	@Test
	void aPatternMustStartWithASlashAndParse() {
		assertThatIllegalArgumentException().isThrownBy(() -> IgnoredPaths.of(List.of("ping")))
			.withMessage("'ping' does not start with '/'");
		assertThatIllegalArgumentException().isThrownBy(() -> IgnoredPaths.of(List.of("/{broken")));
	}

	private static MockHttpServletRequest request(String contextPath, String uri) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
		request.setContextPath(contextPath);
		return request;
	}

}

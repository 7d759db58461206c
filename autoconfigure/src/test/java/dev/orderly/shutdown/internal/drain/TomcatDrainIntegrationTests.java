package dev.orderly.shutdown.internal.drain;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

class TomcatDrainIntegrationTests extends AbstractServletDrainIntegrationTests {

	@Override
	List<String> serverProperties() {
		return List.of("spring.autoconfigure.exclude="
				+ "org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration");
	}

	@Override
	String webServerType() {
		return "TomcatWebServer";
	}

	/**
	 * Only the probes on the application's port pass the drain's filter; servlet only, as
	 * the shared filter path is the same on every server.
	 */
	@Test
	void withAManagementPortOnlyTheProbesOnTheApplicationsPortAreSeen() throws Exception {
		start("management.server.port=0", "management.server.address=127.0.0.1",
				"spring.autoconfigure.exclude="
						+ "org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration,"
						+ "org.springframework.boot.jetty.autoconfigure.actuate.web.server."
						+ "JettyServletManagementContextAutoConfiguration",
				"orderly.shutdown.drain.min-delay=3s", "orderly.shutdown.drain.quiet-period=500ms",
				"orderly.shutdown.drain.max-delay=8s", "orderly.shutdown.budget=40s",
				"management.endpoint.health.probes.add-additional-paths=true");
		ReadinessProbeFailures probeFailures = this.context.getBean(ReadinessProbeFailures.class);
		URI managementReadiness = URI.create("http://127.0.0.1:"
				+ this.context.getEnvironment().getRequiredProperty("local.management.port")
				+ "/actuator/health/readiness");
		CompletableFuture<Duration> closing = closeInBackground();
		await().atMost(Duration.ofSeconds(3)).until(this.context.getBean(InFlightRequests.class)::isDraining);
		assertThat(get("/readyz").statusCode()).isEqualTo(503);
		assertThat(get(managementReadiness).statusCode()).isEqualTo(503);
		assertThat(probeFailures.failuresByProber()).containsExactly(entry("127.0.0.1", 1));
		closing.get(15, TimeUnit.SECONDS);
	}

	@Test
	void whenAcceptingStopsTomcatTellsHttp2ClientsToGoAwayAndStreamsInFlightStillComplete() throws Exception {
		assertHttp2ClientsAreToldToGoAwayAfterTheDrainAndStreamsInFlightComplete();
	}

	@Test
	void steadyTrafficEndsTheDrainSoonAfterTheLastRequest() throws Exception {
		assertSteadyTrafficEndsTheDrainSoonAfterTheLastRequest();
	}

	@Test
	void burstyTrafficLosesNoRequest() throws Exception {
		assertBurstyTrafficLosesNoRequest();
	}

}

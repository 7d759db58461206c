package dev.orderly.shutdown.sample;

import java.net.http.HttpResponse;

import dev.orderly.shutdown.sample.SampleHttp.Credentials;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static dev.orderly.shutdown.sample.SampleHttp.VIEWER;
import static dev.orderly.shutdown.sample.SampleHttp.postJson;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may use the actuator of the running sample, over real HTTP: the application and the
 * management server on random ports of 127.0.0.1 ({@code local.management.port} holds the
 * latter). Nothing here shuts the application down, so its context is shared.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.server.port=0",
				"spring.datasource.url=jdbc:h2:mem:actuator-security;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE" })
class ActuatorSecurityTests extends RunningSampleApplication {

	private SampleHttp http;

	@BeforeEach
	void createClient() {
		assertThat(this.managementPort).isNotEqualTo(this.port);
		this.http = new SampleHttp(this.port, this.managementPort);
	}

	@Test
	void healthProbesNeedNoLogin() throws Exception {
		for (String probe : new String[] { "/actuator/health/liveness", "/actuator/health/readiness" }) {
			HttpResponse<String> response = this.http.send(this.http.management(probe, null));
			assertThat(response.statusCode()).as(probe).isEqualTo(200);
			assertThat(SampleHttp.json(response).at("/status").asString()).isEqualTo("UP");
		}
	}

	@Test
	void shutdownWithoutCredentialsIsUnauthorizedAndTheServiceKeepsServing() throws Exception {
		HttpResponse<String> response = postShutdown(null);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(challenge) -> assertThat(challenge).startsWith("Basic"));
		assertStillServing();
	}

	@Test
	void shutdownWithAWrongPasswordIsUnauthorized() throws Exception {
		assertThat(postShutdown(new Credentials("ops", "guess")).statusCode()).isEqualTo(401);
		assertStillServing();
	}

	@Test
	void shutdownAsViewerIsForbiddenAndTheServiceKeepsServing() throws Exception {
		assertThat(postShutdown(VIEWER).statusCode()).isEqualTo(403);
		assertStillServing();
	}

	@Test
	void shutdownStagesNeedsALogin() throws Exception {
		assertThat(this.http.send(this.http.management("/actuator/shutdownstages", null)).statusCode())
			.isEqualTo(401);
		HttpResponse<String> response = this.http.send(this.http.management("/actuator/shutdownstages", VIEWER));
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode plan = SampleHttp.json(response).at("/plan");
		assertThat(plan.at("/budget").asString())
			.isEqualTo("drain 5 s + web 10 s + consumers 5 s + flush 5 s + release 3 s = 28 s of 30 s");
		assertThat(plan.at("/stages").valueStream().map((stage) -> stage.at("/stage").asString()))
			.containsExactly("drain", "web", "consumers", "flush", "release");
		assertThat(plan.at("/stages/4/adopted_beans").valueStream().map(JsonNode::asString))
			.containsExactly("legacyPaymentClient", "dataSource");
		// everything with cleanup is adopted: nothing left untimed for bean destruction
		assertThat(plan.at("/untimed_cleanup")).asString().isEqualTo("[]");
	}

	@Test
	void prometheusNeedsALoginAndShowsTheShutdownMeters() throws Exception {
		assertThat(this.http.send(this.http.management("/actuator/prometheus", null)).statusCode()).isEqualTo(401);
		HttpResponse<String> response = this.http.send(this.http.management("/actuator/prometheus", VIEWER));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/plain"));
		assertThat(response.body()).contains("orderly_shutdown_requests_active ", "orderly_shutdown_drain_requests_total ",
				"orderly_shutdown_requests_cut_off_total ");
	}

	@Test
	void theActuatorIsOnlyOnTheManagementPort() throws Exception {
		assertThat(this.http.send(this.http.app("/actuator/health")).statusCode()).isEqualTo(404);
		assertThat(this.http.send(this.http.app("/actuator/shutdownstages")).statusCode()).isEqualTo(404);
	}

	@Test
	void theOrderApiIsOpenAndNeedsNoCsrfToken() throws Exception {
		HttpResponse<String> created = this.http
			.send(postJson(this.http.app("/orders"), "{\"item\":\"green tea\",\"quantity\":2}"));
		assertThat(created.statusCode()).isEqualTo(201);
		long id = SampleHttp.json(created).at("/id").asLong();
		assertThat(created.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/orders/" + id));
		assertThat(this.http.send(this.http.app("/orders/" + id)).statusCode()).isEqualTo(200);
		HttpResponse<String> report = this.http.send(this.http.app("/orders/report?delayMs=10"));
		assertThat(report.statusCode()).isEqualTo(200);
		assertThat(SampleHttp.json(report).at("/tookMs").asLong()).isGreaterThanOrEqualTo(10);
		assertThat(this.http.send(this.http.app("/orders/report?delayMs=600000")).statusCode()).isEqualTo(400);
		assertThat(this.http.send(postJson(this.http.app("/orders"), "{\"item\":\"\",\"quantity\":1}")).statusCode())
			.isEqualTo(400);
	}

	private HttpResponse<String> postShutdown(Credentials credentials) throws Exception {
		return this.http.send(
				postJson(this.http.management("/actuator/shutdown", credentials), "{\"reason\":\"not allowed\"}"));
	}

	private void assertStillServing() throws Exception {
		assertThat(this.orderlyShutdown.progress()).as("no shutdown begun").isEmpty();
		assertThat(this.context.isActive()).isTrue();
		assertThat(this.http.send(this.http.app("/orders")).statusCode()).isEqualTo(200);
		assertThat(this.http.send(this.http.management("/actuator/health/readiness", null)).statusCode())
			.isEqualTo(200);
	}

}

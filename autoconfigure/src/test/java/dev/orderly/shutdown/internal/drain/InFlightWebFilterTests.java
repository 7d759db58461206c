package dev.orderly.shutdown.internal.drain;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link InFlightWebFilter} on a request with no server behind it, as {@code WebTestClient}
 * bound to an application context sends: during the drain it must answer as usual.
 */
class InFlightWebFilterTests {

	@Test
	void duringTheDrainARequestWithNoServerBehindItIsAnsweredWithoutConnectionClose() {
		InFlightRequests requests = new InFlightRequests();
		requests.startDraining();
		InFlightWebFilter filter = new InFlightWebFilter(requests, IgnoredPaths::none,
				new ReadinessProbeFailures(requests));
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/hello"));
		filter.filter(exchange, (served) -> served.getResponse().setComplete()).block(Duration.ofSeconds(5));
		assertThat(exchange.getResponse().isCommitted()).isTrue();
		assertThat(exchange.getResponse().getHeaders().containsHeader(HttpHeaders.CONNECTION)).isFalse();
		assertThat(requests.inFlight()).isZero();
		assertThat(requests.servedDuringDrain()).isEqualTo(1);
	}

	@Test
	void duringTheDrainAHealthCheckWithNoServerBehindItIsAnsweredAndNotRecorded() {
		InFlightRequests requests = new InFlightRequests();
		requests.startDraining();
		ReadinessProbeFailures probeFailures = new ReadinessProbeFailures(requests);
		InFlightWebFilter filter = new InFlightWebFilter(requests,
				() -> IgnoredPaths.healthChecks(List.of("/actuator/health/**")), probeFailures);
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.get("/actuator/health/readiness"));
		filter.filter(exchange, (served) -> {
			served.getResponse().setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
			return served.getResponse().setComplete();
		}).block(Duration.ofSeconds(5));
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(probeFailures.probers()).isZero();
		assertThat(requests.servedDuringDrain()).isZero();
	}

}

package dev.orderly.shutdown.internal.drain;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
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
		InFlightWebFilter filter = new InFlightWebFilter(requests, IgnoredPaths::none);
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/hello"));
		filter.filter(exchange, (served) -> served.getResponse().setComplete()).block(Duration.ofSeconds(5));
		assertThat(exchange.getResponse().isCommitted()).isTrue();
		assertThat(exchange.getResponse().getHeaders().containsHeader(HttpHeaders.CONNECTION)).isFalse();
		assertThat(requests.inFlight()).isZero();
		assertThat(requests.servedDuringDrain()).isEqualTo(1);
	}

}

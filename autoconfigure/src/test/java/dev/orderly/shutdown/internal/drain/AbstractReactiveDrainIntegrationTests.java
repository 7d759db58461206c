package dev.orderly.shutdown.internal.drain;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.report.StageReport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The drain scenarios on a reactive server, with {@link ReactiveDrainTestApplication},
 * plus those of WebFlux's own: streamed bodies and handlers that fail.
 */
abstract class AbstractReactiveDrainIntegrationTests extends AbstractDrainIntegrationTests {

	private final ReactiveServer server;

	AbstractReactiveDrainIntegrationTests(ReactiveServer server) {
		this.server = server;
	}

	@Override
	Class<?> application() {
		return ReactiveDrainTestApplication.class;
	}

	@Override
	List<String> serverProperties() {
		return this.server.properties();
	}

	@Override
	String contextPathProperty() {
		return "spring.webflux.base-path";
	}

	@Override
	List<String> underAppWithPingIgnored() {
		return List.of("spring.webflux.base-path=/app", "orderly.shutdown.drain.ignored-paths=/ping");
	}

	@Override
	String webServerType() {
		return this.server.webServerType();
	}

	@Test
	void whenAcceptingStopsHttp2ClientsAreToldToGoAwayAndStreamsInFlightStillComplete() throws Exception {
		assertHttp2ClientsAreToldToGoAwayAfterTheDrainAndStreamsInFlightComplete();
	}

	@Test
	void aStreamedFluxIsInFlightUntilItsLastChunkAndCompletesDuringShutdown() throws Exception {
		start();
		InFlightRequests requests = this.context.getBean(InFlightRequests.class);
		CompletableFuture<HttpResponse<String>> streaming = getAsync("/streaming?ms=2000");
		await().atMost(Duration.ofSeconds(2)).until(requests::inFlight, (count) -> count == 1);
		// still counted after the first chunks have been written
		Thread.sleep(500);
		assertThat(requests.inFlight()).isEqualTo(1);
		closeInBackground().get(10, TimeUnit.SECONDS);
		assertThat(streaming.get().statusCode()).isEqualTo(200);
		assertThat(streaming.get().body()).isEqualTo("chunk 0\nchunk 1\nchunk 2\nchunk 3\nchunk 4\n");
		assertThat(requests.inFlight()).isZero();
		assertThat(report().stage("web").counts()).containsEntry("requests.in-flight", 1L)
			.containsEntry("requests.cut-off", 0L);
	}

	@Test
	void aFailedResponseIsNoLongerInFlightAndDoesNotHoldTheShutdown() throws Exception {
		start("orderly.shutdown.drain.quiet-period=500ms");
		InFlightRequests requests = this.context.getBean(InFlightRequests.class);
		assertThat(get("/failing?ms=200").statusCode()).isEqualTo(500);
		// the count drops as the error leaves the filter chain, which on Tomcat and Jetty can
		// be just after the error response has reached the client
		await().atMost(Duration.ofSeconds(1)).until(requests::inFlight, (count) -> count == 0);
		Duration took = closeInBackground().get(10, TimeUnit.SECONDS);
		assertThat(took).isLessThan(Duration.ofSeconds(3));
		StageReport web = report().stage("web");
		assertThat(web.outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
		assertThat(web.counts()).containsEntry("requests.in-flight", 0L).containsEntry("requests.cut-off", 0L);
	}

}

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
 * The drain scenarios on a servlet server, plus those only servlet applications have: async
 * requests.
 */
abstract class AbstractServletDrainIntegrationTests extends AbstractDrainIntegrationTests {

	@Override
	Class<?> application() {
		return DrainTestApplication.class;
	}

	@Override
	String contextPathProperty() {
		return "server.servlet.context-path";
	}

	@Override
	List<String> underAppWithPingIgnored() {
		return List.of("spring.mvc.servlet.path=/app", "orderly.shutdown.drain.ignored-paths=/app/ping");
	}

	@Test
	void asyncRequestsAreCountedUntilTheyCompleteAndFinishDuringShutdown() throws Exception {
		start();
		InFlightRequests requests = this.context.getBean(InFlightRequests.class);
		List<CompletableFuture<HttpResponse<String>>> async = List.of(getAsync("/deferred?ms=2000"),
				getAsync("/callable?ms=2000"), getAsync("/streaming?ms=2000"));
		await().atMost(Duration.ofSeconds(2)).until(requests::inFlight, (count) -> count == 3);
		// still counted after their request threads have returned
		Thread.sleep(500);
		assertThat(requests.inFlight()).isEqualTo(3);
		closeInBackground().get(10, TimeUnit.SECONDS);
		assertThat(async.get(0).get().body()).isEqualTo("deferred 2000");
		assertThat(async.get(1).get().body()).isEqualTo("callable 2000");
		assertThat(async.get(2).get().body()).isEqualTo("chunk 0\nchunk 1\nchunk 2\nchunk 3\nchunk 4\n");
		assertThat(async).allSatisfy((response) -> assertThat(response.get().statusCode()).isEqualTo(200));
		assertThat(requests.inFlight()).isZero();
		assertThat(report().stage("web").counts()).containsEntry("requests.in-flight", 3L)
			.containsEntry("requests.cut-off", 0L);
	}

}

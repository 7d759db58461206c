package dev.orderly.shutdown.actuate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.orderly.shutdown.internal.actuate.metrics.ShutdownRequestMetrics;
import dev.orderly.shutdown.internal.drain.DrainTestApplication;
import dev.orderly.shutdown.internal.drain.InFlightRequests;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.testsupport.RecordingListener;
import dev.orderly.shutdown.testsupport.TestWebApplication;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The request meters of a real Tomcat application say what its report says: the requests
 * that arrived during the drain, and those the server cut off when the web stage ended.
 */
class ShutdownRequestMetricsTests {

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final RecordingListener listener = new RecordingListener();

	@AutoClose
	private ConfigurableApplicationContext context;

	private URI base;

	@Test
	void theDrainedAndCutOffCountersAndTheOvershootTimerRecordWhatTheReportCounts() throws Exception {
		this.context = TestWebApplication.start(new SpringApplicationBuilder(DrainTestApplication.class),
				Map.of("recordingListener", this.listener),
				// a drain of at least 3 s, for the requests sent once it has begun
				List.of(TestWebApplication.ON_TOMCAT, "orderly.shutdown.drain.min-delay=3s",
						"orderly.shutdown.drain.quiet-period=500ms", "orderly.shutdown.drain.max-delay=5s",
						"orderly.shutdown.web.timeout=1s"));
		// read once: while the context closes, the web server reports no port
		this.base = TestWebApplication.baseUri(this.context);
		MeterRegistry registry = this.context.getBean(MeterRegistry.class);
		InFlightRequests requests = this.context.getBean(InFlightRequests.class);
		CompletableFuture<HttpResponse<String>> tooSlow = get("/slow?ms=20000");
		await().atMost(Duration.ofSeconds(5)).until(requests::inFlight, (count) -> count == 1);
		assertThat(registry.get(ShutdownRequestMetrics.ACTIVE).gauge().value()).isEqualTo(1.0);
		// on a thread of its own: the common pool may have one worker (2 CPUs), which the
		// HttpClient needs too while close() blocks in the drain
		CompletableFuture<Void> closed = CompletableFuture.runAsync(this.context::close,
				(task) -> new Thread(task, "test-close").start());
		// draining once responses carry 'Connection: close' (the listener may hear of it later
		// than that on a loaded machine)
		await().atMost(Duration.ofSeconds(3))
			.until(() -> get("/hello").get(5, TimeUnit.SECONDS).headers().firstValue("connection").orElse(""),
					"close"::equalsIgnoreCase);
		for (int i = 0; i < 3; i++) {
			assertThat(get("/hello").get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		}
		closed.get(30, TimeUnit.SECONDS);
		ShutdownReport report = this.listener.finished.get(10, TimeUnit.SECONDS);
		long served = report.stage("drain").counts().get("requests.served");
		assertThat(served).isGreaterThanOrEqualTo(3);
		assertThat(registry.get(ShutdownRequestMetrics.DRAINED).counter().count()).isEqualTo(served);
		assertThat(report.stage("web").counts()).containsEntry("requests.cut-off", 1L);
		assertThat(registry.get(ShutdownRequestMetrics.CUT_OFF).counter().count()).isEqualTo(1.0);
		// at least the 100 ms floor of silence after the last request, at most the 3 s min delay
		// (and some scheduling slack) after the drain began
		long overshoot = report.stage("drain").counts().get("overshoot-ms");
		assertThat(overshoot).isBetween(100L, 3500L);
		Timer timer = registry.get(ShutdownRequestMetrics.OVERSHOOT).timer();
		assertThat(timer.count()).isEqualTo(1);
		assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(overshoot);
		tooSlow.cancel(true);
	}

	private CompletableFuture<HttpResponse<String>> get(String path) {
		URI uri = this.base.resolve(path);
		return this.client.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}

package dev.orderly.shutdown.internal.lifecycle;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.ShutdownTaskRegistration;
import dev.orderly.shutdown.internal.drain.DrainTestApplication;
import dev.orderly.shutdown.internal.drain.InFlightRequests;
import dev.orderly.shutdown.internal.plan.StagePlan;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.testsupport.RecordingListener;
import dev.orderly.shutdown.testsupport.StoppableLifecycle;
import dev.orderly.shutdown.testsupport.TestWebApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.orderly.shutdown.internal.lifecycle.ClosedRun.stage;
import static dev.orderly.shutdown.internal.lifecycle.ClosedRun.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A listener container's {@code SmartLifecycle}, at Spring Kafka's phase
 * {@code Integer.MAX_VALUE - 100}, would stop before the web server's graceful shutdown.
 * Moved to {@code consumers}, it stops after the requests in flight have been answered and
 * before the {@code flush} stage's task, exactly once.
 */
class LifecycleMemberAfterWebStageTests {

	@Test
	void aListenerContainerMovedToConsumersStopsAfterTheWebStageAndBeforeFlushExactlyOnce() throws Exception {
		StoppableLifecycle container = new StoppableLifecycle(LifecycleMembersTests.LISTENER_CONTAINER_PHASE,
				Duration.ZERO);
		RecordingListener listener = new RecordingListener();
		List<Instant> flushed = new CopyOnWriteArrayList<>();
		ShutdownTaskRegistration flush = ShutdownTaskRegistration.of("flush", "buffer",
				(context) -> flushed.add(Instant.now()));
		ConfigurableApplicationContext context = TestWebApplication.start(
				new SpringApplicationBuilder(DrainTestApplication.class),
				Map.of("recordingListener", listener, "listenerContainer", container, "bufferFlush", flush),
				List.of(TestWebApplication.ON_TOMCAT, "orderly.shutdown.stages.consumers.lifecycles=listenerContainer",
						"orderly.shutdown.drain.quiet-period=200ms"));
		assertThat(container.isRunning()).isTrue();
		HttpClient client = HttpClient.newHttpClient();
		URI slow = TestWebApplication.baseUri(context).resolve("/slow?ms=1500");
		CompletableFuture<HttpResponse<String>> response = client.sendAsync(HttpRequest.newBuilder(slow).build(),
				HttpResponse.BodyHandlers.ofString());
		InFlightRequests requests = context.getBean(InFlightRequests.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> requests.inFlight() == 1);
		CompletableFuture.runAsync(context::close, (task) -> new Thread(task, "test-close").start());
		assertThat(response.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		ShutdownReport report = listener.finished.get(20, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(10)).until(() -> !context.isActive());

		StageReport web = stage(report, StagePlan.WEB);
		assertThat(web.counts()).containsEntry(StagePlan.Web.REQUESTS_IN_FLIGHT, 1L);
		Instant webEnded = web.startedAt().plus(web.duration());
		assertThat(container.stoppedAt).isNotNull().isAfterOrEqualTo(webEnded);
		assertThat(flushed).singleElement().satisfies((at) -> assertThat(at).isAfter(container.stoppedAt));
		assertThat(container.stops).singleElement().asString().startsWith("stop(Runnable) on orderly-shutdown-consumers");
		assertThat(task(report, "consumers", "lifecycle:listenerContainer").outcome())
			.isEqualTo(ShutdownOutcome.COMPLETED);
	}

}

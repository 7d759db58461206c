package dev.orderly.shutdown.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.orderly.shutdown.OrderlyShutdown;
import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.ShutdownTrigger;
import dev.orderly.shutdown.report.ShutdownListener;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.report.TaskReport;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestExecutionListeners;
import org.springframework.test.context.TestExecutionListeners.MergeMode;
import org.springframework.test.context.support.DependencyInjectionTestExecutionListener;
import org.springframework.test.context.support.DirtiesContextTestExecutionListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Runs the real sample service on a random port, places an order over HTTP, closes the
 * application context and checks what the shutdown did, stage by stage.
 * <p>
 * The test closes its own application context, which the Spring TestContext Framework does
 * not expect: its default listeners look the context up again after each test (and Spring
 * Framework 7's context cache would try to restart it) and fail on a closed context. Only
 * dependency injection and {@code @DirtiesContext} (which evicts the closed context from the
 * cache) are kept.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@TestExecutionListeners(mergeMode = MergeMode.REPLACE_DEFAULTS,
		listeners = { DependencyInjectionTestExecutionListener.class, DirtiesContextTestExecutionListener.class })
@DirtiesContext
class SampleApplicationShutdownTests {

	private static final List<String> WEB_STAGES = List.of("drain", "web");

	@LocalServerPort
	private int port;

	@Autowired
	private ConfigurableApplicationContext context;

	@Autowired
	private OrderlyShutdown orderlyShutdown;

	@Autowired
	private OrderEventConsumer consumer;

	@Autowired
	private WriteBehindBuffer buffer;

	@Autowired
	private LegacyPaymentClient paymentClient;

	@Autowired
	private EventRecorder events;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@Test
	void shutdownRunsConsumersThenFlushThenReleaseAndLosesNoOrder() throws Exception {
		HttpResponse<String> created = send(HttpRequest.newBuilder(uri("/orders"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"espresso beans\",\"quantity\":3}")));
		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(created.body()).contains("\"id\":1", "\"item\":\"espresso beans\"", "\"status\":\"ACCEPTED\"");

		// The consumer confirms the order in the background; it then waits in the buffer.
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(send(HttpRequest.newBuilder(uri("/orders")).GET()).body())
				.contains("\"id\":1", "\"status\":\"CONFIRMED\""));
		assertThat(this.buffer.buffered()).isEqualTo(1);
		assertThat(this.buffer.persistedIds()).isEmpty();
		assertThat(this.orderlyShutdown.progress()).isEmpty();

		long start = System.nanoTime();
		this.context.close();
		Duration closeTime = Duration.ofNanos(System.nanoTime() - start);
		System.out.println("Sample app context closed in " + closeTime.toMillis() + " ms");

		ShutdownReport report = this.orderlyShutdown.progress().orElseThrow();
		assertThat(report.finished()).isTrue();
		assertThat(report.trigger()).isEqualTo(ShutdownTrigger.CONTEXT_CLOSE);
		assertThat(report.outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
		assertThat(report.budget()).isEqualTo(Duration.ofSeconds(30));
		// The drain and web stages (run by the starter's web support, not by the engine) may
		// come first; the application stages follow in their configured order.
		assertThat(report.stages()).extracting(StageReport::name)
			.filteredOn((name) -> !WEB_STAGES.contains(name))
			.containsExactly("consumers", "flush", "release");
		assertThat(report.stages()).extracting(StageReport::outcome).containsOnly(ShutdownOutcome.COMPLETED);
		assertThat(report.stages()).extracting(StageReport::startedAt).isSorted();
		assertThat(report.stage("consumers").tasks()).extracting(TaskReport::name, TaskReport::outcome)
			.containsExactly(tuple("order-event-consumer", ShutdownOutcome.COMPLETED));
		assertThat(report.stage("flush").tasks()).singleElement().satisfies((task) -> {
			assertThat(task.name()).isEqualTo("writeBehindBuffer.flush");
			assertThat(task.source()).isEqualTo("@OnShutdown WriteBehindBuffer.flush()");
			assertThat(task.timeout()).isEqualTo(Duration.ofSeconds(2));
			assertThat(task.outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
		});
		assertThat(report.stage("release").tasks()).singleElement().satisfies((task) -> {
			assertThat(task.name()).isEqualTo("bean:legacyPaymentClient");
			assertThat(task.outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
			assertThat(task.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(50));
		});

		// Listener events arrive in stage order, each stage finishing before the next starts.
		assertThat(this.events.events).filteredOn((event) -> WEB_STAGES.stream()
			.noneMatch((stage) -> event.endsWith(": " + stage) || event.contains(": " + stage + "/")))
			.containsExactly("run started", "stage started: consumers",
				"task finished: consumers/order-event-consumer", "stage finished: consumers", "stage started: flush",
				"task finished: flush/writeBehindBuffer.flush", "stage finished: flush", "stage started: release",
				"task finished: release/bean:legacyPaymentClient", "stage finished: release", "run finished");

		// What the stages did: nothing lost, the legacy cleanup ran exactly once.
		assertThat(this.consumer.isRunning()).isFalse();
		assertThat(this.buffer.persistedIds()).containsExactly(1L);
		assertThat(this.paymentClient.closeCount()).isEqualTo(1);
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class RecorderConfiguration {

		@Bean
		EventRecorder eventRecorder() {
			return new EventRecorder();
		}

	}

	static class EventRecorder implements ShutdownListener {

		final List<String> events = new CopyOnWriteArrayList<>();

		@Override
		public void runStarted(ShutdownReport report) {
			this.events.add("run started");
		}

		@Override
		public void stageStarted(ShutdownReport report, String stage) {
			this.events.add("stage started: " + stage);
		}

		@Override
		public void taskFinished(ShutdownReport report, String stage, TaskReport task) {
			this.events.add("task finished: " + stage + "/" + task.name());
		}

		@Override
		public void stageFinished(ShutdownReport report, StageReport stage) {
			this.events.add("stage finished: " + stage.name());
		}

		@Override
		public void runFinished(ShutdownReport report) {
			this.events.add("run finished");
		}

	}

}

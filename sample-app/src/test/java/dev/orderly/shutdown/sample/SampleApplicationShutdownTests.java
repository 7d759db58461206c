package dev.orderly.shutdown.sample;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.ShutdownTrigger;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.report.TaskReport;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestExecutionListeners;
import org.springframework.test.context.TestExecutionListeners.MergeMode;
import org.springframework.test.context.support.DependencyInjectionTestExecutionListener;
import org.springframework.test.context.support.DirtiesContextTestExecutionListener;

import static dev.orderly.shutdown.sample.SampleHttp.postJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Runs the real sample service on random ports, places an order over HTTP, closes the
 * application context and checks what the shutdown did, stage by stage.
 * <p>
 * The test closes its own application context, which the Spring TestContext Framework does
 * not expect: its default listeners look the context up again after each test (and Spring
 * Framework 7's context cache would try to restart it) and fail on a closed context. Only
 * dependency injection and {@code @DirtiesContext} (which evicts the closed context from the
 * cache) are kept.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.server.port=0",
				"spring.datasource.url=" + SampleApplicationShutdownTests.DATABASE,
				// keep confirmed orders in the buffer until the shutdown flushes them
				"sample.orders.flush-interval=1h" })
@TestExecutionListeners(mergeMode = MergeMode.REPLACE_DEFAULTS,
		listeners = { DependencyInjectionTestExecutionListener.class, DirtiesContextTestExecutionListener.class })
@DirtiesContext
class SampleApplicationShutdownTests extends RunningSampleApplication {

	/** In memory, and kept after the pool closes, so the test can look at it afterwards. */
	static final String DATABASE = "jdbc:h2:mem:sample-shutdown;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE";

	private static final List<String> WEB_STAGES = List.of("drain", "web");

	@Autowired
	private OrderEventConsumer consumer;

	@Autowired
	private ScheduledFlush scheduledFlush;

	@Autowired
	private WriteBehindBuffer buffer;

	@Autowired
	private LegacyPaymentClient paymentClient;

	@Autowired
	private ShutdownRecorder events;

	@Test
	void shutdownRunsConsumersThenFlushThenReleaseAndLosesNoOrder() throws Exception {
		SampleHttp http = new SampleHttp(this.port, this.managementPort);
		var created = http.send(postJson(http.app("/orders"), "{\"item\":\"espresso beans\",\"quantity\":3}"));
		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(created.body()).contains("\"id\":1", "\"item\":\"espresso beans\"", "\"status\":\"ACCEPTED\"");

		// The consumer confirms the order in the background; it then waits in the buffer.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(http.send(http.app("/orders")).body()).contains("\"id\":1",
					"\"status\":\"CONFIRMED\""));
		assertThat(this.buffer.buffered()).isEqualTo(1);
		assertThat(persistedIds()).isEmpty();
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
		assertThat(report.stages()).extracting(StageReport::name)
			.containsExactlyElementsOf(ShutdownRecorder.STAGES_AND_PHASES);
		assertThat(report.stages()).extracting(StageReport::outcome).containsOnly(ShutdownOutcome.COMPLETED);
		assertThat(report.stages()).extracting(StageReport::startedAt).isSorted();
		assertThat(report.stage("consumers").tasks()).extracting(TaskReport::name, TaskReport::outcome)
			.containsExactly(tuple("order-event-consumer", ShutdownOutcome.COMPLETED),
					tuple("scheduled-flush", ShutdownOutcome.COMPLETED));
		// Spring Boot's executor and scheduler finish their tasks in flush, beside the buffer's flush
		assertThat(report.stage("flush").tasks()).filteredOn((task) -> task.name().startsWith("lifecycle:"))
			.extracting(TaskReport::name, TaskReport::outcome)
			.containsExactlyInAnyOrder(tuple("lifecycle:applicationTaskExecutor", ShutdownOutcome.COMPLETED),
					tuple("lifecycle:taskScheduler", ShutdownOutcome.COMPLETED));
		assertThat(report.stage("flush").tasks()).filteredOn((task) -> !task.name().startsWith("lifecycle:"))
			.singleElement()
			.satisfies((task) -> {
			assertThat(task.name()).isEqualTo("writeBehindBuffer.flush");
			assertThat(task.source()).isEqualTo("@OnShutdown WriteBehindBuffer.flush()");
			assertThat(task.timeout()).isEqualTo(Duration.ofSeconds(4));
			assertThat(task.outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
		});
		assertThat(report.stage("release").tasks()).extracting(TaskReport::name, TaskReport::outcome)
			.containsExactly(tuple("bean:legacyPaymentClient", ShutdownOutcome.COMPLETED),
					tuple("bean:dataSource", ShutdownOutcome.COMPLETED));
		assertThat(report.stage("release").tasks().get(0).duration()).isGreaterThanOrEqualTo(Duration.ofMillis(50));

		// Listener events arrive in stage order, each stage finishing before the next starts,
		// and each task finishes within its stage.
		assertThat(this.events.stageEvents()).filteredOn((event) -> WEB_STAGES.stream()
			.noneMatch((stage) -> event.endsWith(": " + stage)) && !event.contains(": phase "))
			.containsExactly("run started", "stage started: consumers", "stage finished: consumers",
					"stage started: flush", "stage finished: flush", "stage started: release",
					"stage finished: release", "run finished");
		assertThat(this.events.tasksFinishedWithin("consumers")).containsExactlyInAnyOrder("order-event-consumer",
				"scheduled-flush");
		assertThat(this.events.tasksFinishedWithin("flush")).containsExactlyInAnyOrder("writeBehindBuffer.flush",
				"lifecycle:applicationTaskExecutor", "lifecycle:taskScheduler");
		assertThat(this.events.tasksFinishedWithin("release")).containsExactlyInAnyOrder("bean:legacyPaymentClient",
				"bean:dataSource");

		// What the stages did: nothing lost, the legacy cleanup ran exactly once.
		assertThat(this.consumer.isRunning()).isFalse();
		assertThat(this.scheduledFlush.isStopped()).isTrue();
		assertThat(persistedIds()).containsExactly(1L);
		assertThat(this.paymentClient.closeCount()).isEqualTo(1);
		// The report file has the run, event by event.
		assertThat(Files.readString(reportDirectory.resolve("shutdown-report.jsonl"))).contains(report.id(),
				"writeBehindBuffer.flush");
	}

	/**
	 * Read the orders table directly, as another process would.
	 */
	private static List<Long> persistedIds() throws Exception {
		List<Long> ids = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection(DATABASE, "sa", "");
				ResultSet rows = connection.createStatement().executeQuery("SELECT id FROM orders ORDER BY id")) {
			while (rows.next()) {
				ids.add(rows.getLong(1));
			}
		}
		return ids;
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class RecorderConfiguration {

		@Bean
		ShutdownRecorder shutdownRecorder() {
			return new ShutdownRecorder();
		}

	}

}

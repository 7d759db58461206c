package dev.orderly.shutdown.sample;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.ShutdownTrigger;
import dev.orderly.shutdown.internal.drain.InFlightRequests;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.report.TaskReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.orderly.shutdown.sample.SampleHttp.OPS;
import static dev.orderly.shutdown.sample.SampleHttp.VIEWER;
import static dev.orderly.shutdown.sample.SampleHttp.postJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The whole life of the sample as an operator sees it: the real application, started as
 * {@code main} would start it (on random ports of 127.0.0.1, with its H2 file database in a
 * temporary directory), takes orders, streams events and serves a slow request; then
 * {@code ops} shuts it down with {@code POST /actuator/shutdown} on the management port.
 * After a restart on the same files, the orders are in the database and the previous
 * shutdown's report is served.
 */
class EndpointShutdownTests {

	private static final String REASON = "deploy 2024-06-01 (sample test)";

	@TempDir
	Path directory;

	private final ShutdownRecorder recorder = new ShutdownRecorder();

	private final List<ConfigurableApplicationContext> started = new ArrayList<>();

	@AfterEach
	void closeWhatIsStillRunning() {
		this.started.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void opsShutsTheServiceDownOnceInStagesAndNoOrderIsLost() throws Exception {
		// Keep the drain going for 3 s, long enough to watch it from outside.
		ConfigurableApplicationContext context = start("orderly.shutdown.drain.min-delay=3s");
		SampleHttp http = http(context);
		InFlightRequests inFlight = context.getBean(InFlightRequests.class);
		LegacyPaymentClient paymentClient = context.getBean(LegacyPaymentClient.class);

		// A client follows the order events; three orders are placed and confirmed.
		CompletableFuture<HttpResponse<String>> stream = http.sendAsync(http.app("/orders/stream"));
		await().atMost(Duration.ofSeconds(10)).until(() -> context.getBean(OrderEvents.class).subscribers() == 1);
		List<Long> ids = new ArrayList<>();
		for (String item : List.of("espresso beans", "oat milk", "paper filters")) {
			HttpResponse<String> created = http
				.send(postJson(http.app("/orders"), "{\"item\":\"" + item + "\",\"quantity\":1}"));
			assertThat(created.statusCode()).isEqualTo(201);
			ids.add(SampleHttp.json(created).at("/id").asLong());
		}
		await().atMost(Duration.ofSeconds(10))
			.until(() -> context.getBean(WriteBehindBuffer.class).buffered() == ids.size());
		assertThat(persistedIds()).as("buffered, not yet written").isEmpty();

		// A slow request is in flight when the shutdown begins.
		CompletableFuture<HttpResponse<String>> slow = http.sendAsync(http.app("/orders/report?delayMs=5000"));
		await().atMost(Duration.ofSeconds(10)).until(() -> inFlight.inFlight() == 2); // the stream and this one

		HttpResponse<String> first = http
			.send(postJson(http.management("/actuator/shutdown", OPS), "{\"reason\":\"" + REASON + "\"}"));
		assertThat(first.statusCode()).isEqualTo(200);
		JsonNode started = SampleHttp.json(first);
		assertThat(started.at("/started").asBoolean()).isTrue();
		assertThat(started.at("/trigger").asString()).isEqualTo("endpoint");
		assertThat(started.at("/reason").asString()).isEqualTo(REASON);
		String runId = started.at("/run").asString();

		// While it drains (at least 3 s): a second request joins the run in progress, the
		// progress is served, readiness is down, and the service still answers (asking
		// clients to reconnect).
		HttpResponse<String> again = http
			.send(postJson(http.management("/actuator/shutdown", OPS), "{\"reason\":\"again\"}"));
		assertThat(again.statusCode()).isEqualTo(200);
		JsonNode joined = SampleHttp.json(again);
		assertThat(joined.at("/started").asBoolean()).isFalse();
		assertThat(joined.at("/run").asString()).isEqualTo(runId);
		assertThat(joined.at("/message").asString())
			.isEqualTo("Shutdown already in progress (started by POST /actuator/shutdown)");
		assertThat(joined.at("/progress/finished").asBoolean()).isFalse();
		JsonNode progress = SampleHttp.json(http.send(http.management("/actuator/shutdownstages", VIEWER)));
		assertThat(progress.at("/current/run").asString()).isEqualTo(runId);
		assertThat(progress.at("/current/finished").asBoolean()).isFalse();
		await().atMost(Duration.ofSeconds(2))
			.until(() -> http.send(http.management("/actuator/health/readiness", null)).statusCode() == 503);
		HttpResponse<String> duringDrain = http.send(http.app("/orders"));
		assertThat(duringDrain.statusCode()).isEqualTo(200);
		assertThat(duringDrain.headers().firstValue("Connection")).hasValue("close");

		// The shutdown ends the application.
		ShutdownReport report = this.recorder.finished.get(30, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(10)).until(() -> !context.isActive());
		assertThat(this.recorder.events).filteredOn("run started"::equals).hasSize(1);
		assertThat(report.id()).isEqualTo(runId);
		assertThat(report.trigger()).isEqualTo(ShutdownTrigger.ENDPOINT);
		assertThat(report.reason()).isEqualTo(REASON);
		assertThat(report.outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
		assertThat(report.stages()).extracting(StageReport::name)
			.containsExactlyElementsOf(ShutdownRecorder.STAGES_AND_PHASES);
		assertThat(report.stages()).extracting(StageReport::startedAt).isSorted();
		List<String> stageEvents = new ArrayList<>(List.of("run started"));
		ShutdownRecorder.STAGES_AND_PHASES
			.forEach((stage) -> stageEvents.addAll(List.of("stage started: " + stage, "stage finished: " + stage)));
		stageEvents.add("run finished");
		assertThat(this.recorder.stageEvents()).containsExactlyElementsOf(stageEvents);
		StageReport drain = report.stage("drain");
		assertThat(drain.duration()).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
		assertThat(drain.counts()).containsEntry("long-lived.ended", 1L);
		assertThat(drain.counts().get("requests.served")).isGreaterThanOrEqualTo(1L);
		// the buffer's flush, and Spring Boot's executor and scheduler finishing their tasks
		assertThat(report.stage("flush").tasks()).extracting(TaskReport::name, TaskReport::outcome)
			.containsExactlyInAnyOrder(tuple("writeBehindBuffer.flush", ShutdownOutcome.COMPLETED),
					tuple("lifecycle:applicationTaskExecutor", ShutdownOutcome.COMPLETED),
					tuple("lifecycle:taskScheduler", ShutdownOutcome.COMPLETED));
		assertThat(paymentClient.closeCount()).isEqualTo(1);

		// The slow request was answered, the event stream was ended at the drain.
		HttpResponse<String> slowResponse = slow.get(10, TimeUnit.SECONDS);
		assertThat(slowResponse.statusCode()).isEqualTo(200);
		assertThat(slowResponse.headers().firstValue("Connection")).hasValue("close");
		HttpResponse<String> events = stream.get(10, TimeUnit.SECONDS);
		assertThat(events.statusCode()).isEqualTo(200);
		assertThat(events.body()).contains("event:order", "id:" + ids.get(0) + "-ACCEPTED",
				"id:" + ids.get(2) + "-CONFIRMED");

		// The buffered orders were written in the flush stage.
		assertThat(persistedIds()).containsExactlyElementsOf(ids);

		// After a restart on the same database and report file: the orders are there, and
		// the previous shutdown's report is served.
		ConfigurableApplicationContext restarted = start();
		SampleHttp afterRestart = http(restarted);
		JsonNode orders = SampleHttp.json(afterRestart.send(afterRestart.app("/orders")));
		assertThat(orders.valueStream().map((order) -> order.at("/id").asLong())).containsExactlyElementsOf(ids);
		assertThat(orders.valueStream().map((order) -> order.at("/status").asString())).containsOnly("PERSISTED");
		JsonNode previous = SampleHttp
			.json(afterRestart.send(afterRestart.management("/actuator/shutdownstages", VIEWER)))
			.at("/previous");
		assertThat(previous.at("/run").asString()).isEqualTo(runId);
		assertThat(previous.at("/trigger").asString()).isEqualTo("endpoint");
		assertThat(previous.at("/reason").asString()).isEqualTo(REASON);
		assertThat(previous.at("/outcome").asString()).isEqualTo("completed");
		assertThat(previous.at("/stages").valueStream().map((stage) -> stage.at("/stage").asString()))
			.containsExactlyElementsOf(ShutdownRecorder.STAGES_AND_PHASES);
	}

	private ConfigurableApplicationContext start(String... properties) {
		String[] common = { "spring.main.banner-mode=off", "server.port=0", "server.address=127.0.0.1",
				"management.server.port=0",
				"spring.datasource.url=" + database(),
				"orderly.shutdown.report.file=" + this.directory.resolve("shutdown-report.jsonl"),
				// keep confirmed orders in the buffer until the shutdown flushes them
				"sample.orders.flush-interval=1h" };
		// Command-line arguments, as in "java -jar app.jar --server.port=0": they override
		// application.yml (SpringApplicationBuilder.properties() would not, being defaults).
		String[] args = Stream.concat(Stream.of(common), Stream.of(properties))
			.map((property) -> "--" + property)
			.toArray(String[]::new);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
			.initializers((initialized) -> initialized.getBeanFactory().registerSingleton("shutdownRecorder",
					this.recorder))
			.run(args);
		this.started.add(context);
		return context;
	}

	private static SampleHttp http(ConfigurableApplicationContext context) {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		int managementPort = context.getEnvironment().getRequiredProperty("local.management.port", Integer.class);
		return new SampleHttp(port, managementPort);
	}

	private String database() {
		return "jdbc:h2:file:" + this.directory.resolve("orders-db") + ";DB_CLOSE_ON_EXIT=FALSE";
	}

	/**
	 * Read the orders table directly, as another process would.
	 */
	private List<Long> persistedIds() throws Exception {
		List<Long> ids = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection(database(), "sa", "");
				ResultSet rows = connection.createStatement().executeQuery("SELECT id FROM orders ORDER BY id")) {
			while (rows.next()) {
				ids.add(rows.getLong(1));
			}
		}
		return ids;
	}

}

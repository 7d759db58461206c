package dev.orderly.shutdown.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.orderly.shutdown.testsupport.ChildJvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static dev.orderly.shutdown.sample.SampleHttp.OPS;
import static dev.orderly.shutdown.sample.SampleHttp.VIEWER;
import static dev.orderly.shutdown.sample.SampleHttp.postJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * Follows "Try it" in {@code docs/sample-app.md} as written, against the sample with its
 * {@code application.yml} as shipped, run as its own JVM so that its real output can be read;
 * only the ports and files are moved to free ones. The same requests (an order, the event
 * stream, an 8 s report request), the same staged shutdown with a reason; then the restart and
 * the SIGTERM that "What the shutdown does" and "Run it" describe.
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class TryItTests {

	private static final Duration STARTUP = Duration.ofSeconds(120);

	@TempDir
	Path directory;

	private final List<ChildJvm> started = new ArrayList<>();

	private int port;

	private int managementPort;

	private SampleHttp http;

	@BeforeEach
	void pickFreePorts() throws IOException {
		this.port = freePort();
		this.managementPort = freePort();
		this.http = new SampleHttp(this.port, this.managementPort);
	}

	@AfterEach
	void stopWhatIsStillRunning() {
		this.started.forEach(ChildJvm::close);
	}

	@Test
	void theDocumentedStepsAnswerEveryRequestAndShutDownInStagesWithoutTomcatWarnings() throws Exception {
		ChildJvm app = start();
		SampleHttp http = this.http;

		// place orders, list them, follow the events, a slow request
		HttpResponse<String> created = http
			.send(postJson(http.app("/orders"), "{\"item\":\"espresso beans\",\"quantity\":3}"));
		assertThat(created.statusCode()).isEqualTo(201);
		long id = SampleHttp.json(created).at("/id").asLong();
		assertThat(created.headers().firstValue("Location")).hasValueSatisfying((location) -> location.endsWith("/orders/" + id));
		assertThat(SampleHttp.json(http.send(http.app("/orders"))).valueStream()
			.map((order) -> order.at("/item").asString())).containsExactly("espresso beans");
		CompletableFuture<HttpResponse<String>> stream = http.sendAsync(http.app("/orders/stream"));
		CompletableFuture<HttpResponse<String>> report = http.sendAsync(http.app("/orders/report?delayMs=8000"));

		// the actuator
		HttpResponse<String> readiness = http.send(http.management("/actuator/health/readiness", null));
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(readiness.body()).isEqualTo("{\"status\":\"UP\"}");
		HttpResponse<String> stages = http.send(http.management("/actuator/shutdownstages", VIEWER));
		assertThat(stages.statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> http.send(http.management("/actuator/prometheus", VIEWER)).body(),
					(metrics) -> metrics.contains("orderly_shutdown_requests_active 2.0"));

		// shut down in stages, with a reason for the report; a second request joins the run
		// exactly the documented curl -X POST: no body, no content type, the reason in the query
		HttpResponse<String> shutdown = http.send(
				http.management("/actuator/shutdown?reason=deploy%2042", OPS).POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(shutdown.statusCode()).isEqualTo(200);
		JsonNode answer = SampleHttp.json(shutdown);
		assertThat(answer.at("/message").asString()).isEqualTo("Shutting down, bye...");
		assertThat(answer.at("/started").asBoolean()).isTrue();
		assertThat(answer.at("/trigger").asString()).isEqualTo("endpoint");
		assertThat(answer.at("/reason").asString()).isEqualTo("deploy 42");
		String runId = answer.at("/run").asString();
		JsonNode again = SampleHttp
			.json(http.send(postJson(http.management("/actuator/shutdown", OPS), "{\"reason\":\"deploy 42\"}")));
		assertThat(again.at("/started").asBoolean()).isFalse();
		assertThat(again.at("/run").asString()).isEqualTo(runId);

		// the process ends by itself; the slow request was answered, the stream ended
		assertThat(app.waitForExit(Duration.ofSeconds(60))).as(app.log()).isTrue();
		HttpResponse<String> slow = report.get(10, TimeUnit.SECONDS);
		assertThat(slow.statusCode()).as(app.log()).isEqualTo(200);
		assertThat(SampleHttp.json(slow).at("/tookMs").asLong()).isGreaterThanOrEqualTo(8000);
		HttpResponse<String> events = stream.get(10, TimeUnit.SECONDS);
		assertThat(events.statusCode()).isEqualTo(200);
		assertThat(events.body()).contains(":subscribed to order events");

		List<String> table = reportTable(app);
		System.out.println(String.join("\n", table)); // the example in docs/sample-app.md
		assertThat(table.get(0)).contains("Orderly shutdown finished: completed in ",
				"(trigger: POST /actuator/shutdown, reason: deploy 42)");
		assertThat(row(table, "drain")).contains("completed", "1 long-lived ended");
		// the report request, and the event stream if its end is still being written out
		assertThat(row(table, "web")).contains("completed")
			.containsPattern("[12] in flight when accepting stopped; all answered");
		assertThat(row(table, "consumers")).contains("completed");
		assertThat(row(table, "flush")).contains("completed");
		assertThat(row(table, "release")).contains("completed");
		assertThat(app.output()).as(app.log())
			.noneMatch((line) -> line.contains("failed to stop"))
			.noneMatch((line) -> line.contains(" ERROR "));

		// the plan as the docs show it: time for the slow request in the web stage
		assertThat(app.output()).anyMatch((line) -> line.contains("stages take up to 28 s of the 30 s budget"))
			.anyMatch((line) -> line.matches("\\s+web +10 s +web server graceful shutdown.*"));
		assertThat(SampleHttp.json(stages).at("/plan/budget").asString())
			.isEqualTo("drain 5 s + web 10 s + consumers 5 s + flush 5 s + release 3 s = 28 s of 30 s");

		// start it again: the order is persisted, the run above is the previous one
		ChildJvm restarted = start();
		JsonNode orders = SampleHttp.json(http.send(http.app("/orders")));
		assertThat(orders.valueStream().map((order) -> order.at("/status").asString())).containsExactly("PERSISTED");
		JsonNode previous = SampleHttp.json(http.send(http.management("/actuator/shutdownstages", VIEWER)))
			.at("/previous");
		assertThat(previous.at("/run").asString()).isEqualTo(runId);
		assertThat(previous.at("/reason").asString()).isEqualTo("deploy 42");
		assertThat(previous.at("/outcome").asString()).isEqualTo("completed");

		// what a container platform does: SIGTERM
		restarted.sigterm();
		assertThat(restarted.waitForExit(Duration.ofSeconds(60))).as(restarted.log()).isTrue();
		assertThat(restarted.exitValue()).isEqualTo(143);
		assertThat(reportTable(restarted).get(0)).contains("Orderly shutdown finished: completed in ",
				"(trigger: JVM shutdown hook (SIGTERM, SIGINT or System.exit))");
		assertThat(restarted.output()).as(restarted.log()).noneMatch((line) -> line.contains("failed to stop"));
	}

	private ChildJvm start() throws IOException {
		ChildJvm app = ChildJvm.start(SampleApplication.class,
				List.of("--server.port=" + this.port, "--server.address=127.0.0.1",
						"--management.server.port=" + this.managementPort,
						"--spring.datasource.url=jdbc:h2:file:" + this.directory.resolve("orders-db")
								+ ";DB_CLOSE_ON_EXIT=FALSE",
						"--orderly.shutdown.report.file=" + this.directory.resolve("shutdown-report.jsonl")));
		this.started.add(app);
		app.awaitLine((line) -> line.contains("Started SampleApplication"), STARTUP);
		return app;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/**
	 * The logged report: its title, then the table's lines without their two-space indent.
	 */
	private static List<String> reportTable(ChildJvm app) {
		List<String> lines = app.output();
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			if (line.contains("Orderly shutdown finished")) {
				List<String> table = new ArrayList<>();
				table.add(line.substring(line.indexOf("Orderly shutdown finished")));
				for (int j = i + 1; j < lines.size() && lines.get(j).startsWith("  "); j++) {
					table.add(lines.get(j).substring(2));
				}
				return table;
			}
		}
		return fail("No shutdown report in the output:%n%s", app.log());
	}

	private static String row(List<String> table, String stage) {
		return table.stream()
			.filter((row) -> row.startsWith(stage + " "))
			.findFirst()
			.orElseGet(() -> fail("No row %s in the report:%n%s", stage, String.join("\n", table)));
	}

}

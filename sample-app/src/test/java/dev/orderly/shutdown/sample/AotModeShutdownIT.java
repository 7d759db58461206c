package dev.orderly.shutdown.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.ShutdownTrigger;
import dev.orderly.shutdown.internal.report.file.ShutdownReportFile;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.report.TaskReport;
import dev.orderly.shutdown.testsupport.ChildJvm;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static dev.orderly.shutdown.sample.SampleHttp.VIEWER;
import static dev.orderly.shutdown.sample.SampleHttp.postJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The sample as Spring AOT processed it in this build ({@code spring-boot:process-aot} in
 * {@code prepare-package}, which adds the generated classes to {@code target/classes}),
 * started as its own JVM with {@code -Dspring.aot.enabled=true}: it takes an order, then a
 * real SIGTERM runs its stages in order and leaves the run in the report file, with the
 * order written to the database by the flush stage.
 * <p>
 * An integration test (Failsafe), because the AOT-generated classes exist only after
 * {@code prepare-package}.
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class AotModeShutdownIT {

	@TempDir
	Path directory;

	@AutoClose
	private ChildJvm app;

	@Test
	void theAotProcessedSampleRunsItsStagesOnSigtermAndWritesItsReport() throws Exception {
		int port = freePort();
		int managementPort = freePort();
		Path reportFile = this.directory.resolve("shutdown-report.jsonl");
		String database = "jdbc:h2:file:" + this.directory.resolve("orders") + ";DB_CLOSE_ON_EXIT=FALSE";
		long launched = System.nanoTime();
		this.app = ChildJvm.start(List.of("-Dspring.aot.enabled=true"), SampleApplication.class,
				List.of("--server.address=127.0.0.1", "--server.port=" + port,
						"--management.server.port=" + managementPort, "--spring.datasource.url=" + database,
						"--orderly.shutdown.report.file=" + reportFile,
						// keep the confirmed order in the buffer until the flush stage writes it
						"--sample.orders.flush-interval=1h"));
		this.app.awaitLine((line) -> line.contains("Started SampleApplication in"), Duration.ofSeconds(60));
		System.out.println("AOT-mode sample started in " + Duration.ofNanos(System.nanoTime() - launched).toMillis()
				+ " ms (launch to 'Started')");
		// Spring Boot says so when it runs on the generated bean definitions.
		assertThat(this.app.output()).anyMatch((line) -> line.contains("Starting AOT-processed SampleApplication"));

		SampleHttp http = new SampleHttp(port, managementPort);
		HttpResponse<String> created = http
			.send(postJson(http.app("/orders"), "{\"item\":\"espresso beans\",\"quantity\":3}"));
		assertThat(created.statusCode()).isEqualTo(201);
		long id = SampleHttp.json(created).at("/id").asLong();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(http.send(http.app("/orders")).body()).contains("\"status\":\"CONFIRMED\""));
		// The plan endpoint, served by the AOT-generated management context.
		HttpResponse<String> stages = http.send(http.management("/actuator/shutdownstages", VIEWER));
		assertThat(stages.statusCode()).isEqualTo(200);
		assertThat(SampleHttp.json(stages).at("/plan/stages").valueStream().map((stage) -> stage.at("/stage"))
			.map(JsonNode::asString)).containsExactly("drain", "web", "consumers", "flush", "release");

		long sent = System.nanoTime();
		this.app.sigterm();
		assertThat(this.app.waitForExit(Duration.ofSeconds(45))).as(this.app.log()).isTrue();
		System.out.println("AOT-mode sample: SIGTERM to exit " + Duration.ofNanos(System.nanoTime() - sent).toMillis()
				+ " ms");
		// 128 + SIGTERM (15): the JVM ran its shutdown hooks and exited because of the signal.
		assertThat(this.app.exitValue()).as(this.app.log()).isEqualTo(143);

		List<ShutdownReport> runs = ShutdownReportFile.read(reportFile);
		assertThat(runs).as(this.app.log()).singleElement().satisfies((run) -> {
			assertThat(run.finished()).isTrue();
			assertThat(run.trigger()).isEqualTo(ShutdownTrigger.JVM_SHUTDOWN);
			assertThat(run.stages()).extracting(StageReport::name)
				.containsExactlyElementsOf(ShutdownRecorder.STAGES_AND_PHASES);
			assertThat(run.stages()).extracting(StageReport::startedAt).isSorted();
			assertThat(run.stages()).extracting(StageReport::outcome).containsOnly(ShutdownOutcome.COMPLETED);
			assertThat(run.stage("consumers").tasks()).extracting(TaskReport::name)
				.containsExactlyInAnyOrder("order-event-consumer", "scheduled-flush");
			assertThat(run.stage("flush").tasks()).extracting(TaskReport::name, TaskReport::source)
				.containsExactlyInAnyOrder(tuple("writeBehindBuffer.flush", "@OnShutdown WriteBehindBuffer.flush()"),
						tuple("lifecycle:applicationTaskExecutor",
								"ThreadPoolTaskExecutor applicationTaskExecutor (phase " + Integer.MAX_VALUE / 2 + ")"),
						tuple("lifecycle:taskScheduler",
								"ThreadPoolTaskScheduler taskScheduler (phase " + Integer.MAX_VALUE / 2 + ")"));
			// the file lists a stage's tasks as they finish; they run concurrently
			assertThat(run.stage("release").tasks()).extracting(TaskReport::name)
				.containsExactlyInAnyOrder("bean:legacyPaymentClient", "bean:dataSource");
		});
		// The @OnShutdown flush wrote the buffered order before the pool closed.
		assertThat(persistedIds(database)).containsExactly(id);
	}

	@Test
	void aStageAddedAfterProcessingStopsTheStartWithTheFix() throws Exception {
		// The stages' lifecycle beans were written at build time; "audit" has none.
		this.app = ChildJvm.start(List.of("-Dspring.aot.enabled=true"), SampleApplication.class,
				List.of("--server.address=127.0.0.1", "--server.port=0", "--management.server.port=0",
						"--spring.datasource.url=jdbc:h2:mem:aot-stages;DB_CLOSE_ON_EXIT=FALSE",
						"--orderly.shutdown.stages.audit.order=250", "--orderly.shutdown.stages.audit.timeout=1s"));
		this.app.awaitLine((line) -> line.contains("Apply the fix given under each problem above."),
				Duration.ofSeconds(60));
		assertThat(this.app.log()).contains("APPLICATION FAILED TO START",
				"orderly.shutdown.stages names the application stages [audit, consumers, flush, release], but the "
						+ "application was processed ahead of time (Spring AOT) with the stages [consumers, flush, release]",
				"Fix: Re-run AOT processing");
		assertThat(this.app.output()).noneMatch((line) -> line.contains("Started SampleApplication"));
		// a failed start ends the process, like any Spring Boot application's
		assertThat(this.app.waitForExit(Duration.ofSeconds(30))).as(this.app.log()).isTrue();
		assertThat(this.app.exitValue()).isEqualTo(1);
	}

	private static List<Long> persistedIds(String database) throws Exception {
		List<Long> ids = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection(database, "sa", "");
				ResultSet rows = connection.createStatement().executeQuery("SELECT id FROM orders ORDER BY id")) {
			while (rows.next()) {
				ids.add(rows.getLong(1));
			}
		}
		return ids;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}

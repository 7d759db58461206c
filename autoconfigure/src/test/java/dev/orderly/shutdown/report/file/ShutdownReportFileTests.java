package dev.orderly.shutdown.report.file;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.ShutdownTaskRegistration;
import dev.orderly.shutdown.ShutdownTrigger;
import dev.orderly.shutdown.autoconfigure.OrderlyShutdownAutoConfiguration;
import dev.orderly.shutdown.autoconfigure.OrderlyShutdownReportFileAutoConfiguration;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.testsupport.RecordingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ShutdownReportFileTests {

	@TempDir
	Path directory;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class,
				OrderlyShutdownReportFileAutoConfiguration.class))
		.withBean("flushTask", ShutdownTaskRegistration.class,
				() -> ShutdownTaskRegistration.of("flush", "outbox", (context) -> Thread.sleep(20)))
		.withBean("failingTask", ShutdownTaskRegistration.class,
				() -> ShutdownTaskRegistration.of("release", "client", (context) -> {
					throw new IllegalStateException("gone");
				}));

	@Test
	void everyEventIsWrittenAsOneJsonLineAndReadsBackAsTheSameReport() throws Exception {
		Path file = this.directory.resolve("shutdown.jsonl");
		ShutdownReport logged = shutDownOnce(file);
		List<String> lines = Files.readAllLines(file);
		// consumers has no task; flush and release have one each
		assertThat(lines).extracting((line) -> line.substring(10, line.indexOf(',') - 1))
			.containsExactly("run_started", "stage_started", "stage_finished", "stage_started", "task_finished",
					"stage_finished", "stage_started", "task_finished", "stage_finished", "run_finished");
		ShutdownReport read = ShutdownReportFile.read(file).get(0);
		assertThat(read.id()).isEqualTo(logged.id());
		assertThat(read.finished()).isTrue();
		assertThat(read.trigger()).isEqualTo(ShutdownTrigger.CONTEXT_CLOSE);
		assertThat(read.outcome()).isEqualTo(ShutdownOutcome.FAILED);
		assertThat(read.stages()).extracting(StageReport::name, StageReport::outcome)
			.containsExactlyElementsOf(logged.stages().stream().map((stage) -> org.assertj.core.groups.Tuple
				.tuple(stage.name(), stage.outcome())).toList());
		assertThat(read.stage("release").tasks().get(0).error()).isEqualTo("IllegalStateException: gone");
		assertThat(read.stage("flush").tasks().get(0).duration()).isEqualTo(
				java.time.Duration.ofMillis(logged.stage("flush").tasks().get(0).duration().toMillis()));
	}

	@Test
	void theNextStartOffersThePreviousRun() throws Exception {
		Path file = this.directory.resolve("shutdown.jsonl");
		ShutdownReport first = shutDownOnce(file);
		this.runner.withPropertyValues("orderly.shutdown.report.file=" + file).run((context) -> {
			ShutdownReport previous = context.getBean(ShutdownReportFile.class).previousRun().orElseThrow();
			assertThat(previous.id()).isEqualTo(first.id());
			assertThat(previous.stages()).hasSize(3);
		});
	}

	@Test
	void theFileKeepsTheLastRunsOnly() throws Exception {
		Path file = this.directory.resolve("shutdown.jsonl");
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			ids.add(shutDownOnce(file, "orderly.shutdown.report.keep-runs=2").id());
		}
		assertThat(ShutdownReportFile.read(file)).extracting(ShutdownReport::id).containsExactlyElementsOf(ids.subList(2, 4));
	}

	@Test
	void aTruncatedLastLineIsIgnored() throws Exception {
		Path file = this.directory.resolve("shutdown.jsonl");
		ShutdownReport first = shutDownOnce(file);
		Files.writeString(file, "{\"event\":\"run_started\",\"run\":\"x\",\"ti", StandardCharsets.UTF_8,
				StandardOpenOption.APPEND);
		assertThat(ShutdownReportFile.read(file)).extracting(ShutdownReport::id).containsExactly(first.id());
		this.runner.withPropertyValues("orderly.shutdown.report.file=" + file)
			.run((context) -> assertThat(context.getBean(ShutdownReportFile.class).previousRun())
				.hasValueSatisfying((previous) -> assertThat(previous.id()).isEqualTo(first.id())));
	}

	@Test
	void whenTheFileCannotBeWrittenThenStartupFailsNamingTheProperty() throws Exception {
		Path notADirectory = Files.writeString(this.directory.resolve("plain-file"), "x");
		this.runner.withPropertyValues("orderly.shutdown.report.file=" + notADirectory.resolve("shutdown.jsonl"))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("orderly.shutdown.report.file: is " + notADirectory.resolve("shutdown.jsonl")
						+ ", which cannot be read and written"));
	}

	@Test
	void whenKeepRunsIsBelowOneThenStartupFails() {
		this.runner
			.withPropertyValues("orderly.shutdown.report.file=" + this.directory.resolve("f"),
					"orderly.shutdown.report.keep-runs=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("orderly.shutdown.report.keep-runs: is 0"));
	}

	@Test
	void aFileOfTheFirstReleaseWithUpperCaseTriggersStillReads() throws Exception {
		Path file = this.directory.resolve("shutdown.jsonl");
		Files.write(file, List.of(
				"{\"event\":\"run_started\",\"run\":\"r1\",\"time\":\"2026-11-26T15:17:21Z\",\"trigger\":\"JVM_SHUTDOWN\",\"reason\":null,\"budget_ms\":30000}",
				"{\"event\":\"run_finished\",\"run\":\"r1\",\"time\":\"2026-11-26T15:17:22Z\",\"duration_ms\":1000,\"outcome\":\"completed\"}"));
		ShutdownReport read = ShutdownReportFile.read(file).get(0);
		assertThat(read.trigger()).isEqualTo(ShutdownTrigger.JVM_SHUTDOWN);
		assertThat(read.startedAt()).isEqualTo(java.time.Instant.parse("2026-11-26T15:17:21Z"));
	}

	private ShutdownReport shutDownOnce(Path file, String... properties) throws Exception {
		RecordingListener listener = new RecordingListener();
		List<String> all = new ArrayList<>(List.of(properties));
		all.add("orderly.shutdown.report.file=" + file);
		this.runner.withPropertyValues(all.toArray(String[]::new))
			.withBean(RecordingListener.class, () -> listener)
			.run((context) -> context.close());
		return listener.finished.get();
	}

}

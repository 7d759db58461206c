package dev.orderly.shutdown.internal.report.file;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.ShutdownTaskRegistration;
import dev.orderly.shutdown.ShutdownTrigger;
import dev.orderly.shutdown.autoconfigure.OrderlyShutdownAutoConfiguration;
import dev.orderly.shutdown.autoconfigure.OrderlyShutdownReportFileAutoConfiguration;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.report.TaskReport;
import dev.orderly.shutdown.testsupport.RecordingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@ExtendWith(OutputCaptureExtension.class)
class ShutdownReportFileTests {

	private static final Instant START = Instant.parse("2026-11-26T12:00:00Z");

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
	void aTimedOutTasksThreadAndStackAreWrittenAndReadBack() {
		ReportEvents events = new ReportEvents();
		ShutdownReport run = new ShutdownReport("run-1", ShutdownTrigger.JVM_SHUTDOWN, null, START, Duration.ZERO,
				Duration.ofSeconds(30), false, List.of());
		TaskReport stuck = new TaskReport("outbox", "test", START, Duration.ofSeconds(1), Duration.ofSeconds(1),
				ShutdownOutcome.TIMED_OUT, "cancelled after 1 s", "orderly-shutdown-flush-1",
				List.of("sun.nio.ch.Net.poll(Native Method)", "com.acme.Outbox.flush(Outbox.java:42)"));
		String line = events.taskFinished(run, "flush", stuck);
		assertThat(line).contains("\"thread\":\"orderly-shutdown-flush-1\",\"stack\":[\"sun.nio.ch.Net.poll(Native Method)\","
				+ "\"com.acme.Outbox.flush(Outbox.java:42)\"]");
		ShutdownReport read = events.rebuild(List.of(events.parse(events.runStarted(run)),
				events.parse(events.stageStarted(run, "flush")), events.parse(line)));
		assertThat(read.stage("flush").tasks()).singleElement().isEqualTo(stuck);
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
	void whenTheLastLineIsCutInsideAMultiByteCharacterThenTheAppStartsWithThePreviousRunAndWarns(
			CapturedOutput output) throws Exception {
		Path file = this.directory.resolve("shutdown.jsonl");
		ShutdownReport first = shutDownOnce(file);
		int lines = Files.readAllLines(file).size();
		// A process killed while writing a reason in French and Chinese: the last line ends
		// after the first byte of the three that encode 部.
		byte[] line = "{\"event\":\"run_started\",\"run\":\"x\",\"reason\":\"redéploiement 部署"
			.getBytes(StandardCharsets.UTF_8);
		Files.write(file, Arrays.copyOf(line, line.length - 5), StandardOpenOption.APPEND);
		this.runner.withPropertyValues("orderly.shutdown.report.file=" + file).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ShutdownReportFile.class).previousRun())
				.hasValueSatisfying((previous) -> assertThat(previous.id()).isEqualTo(first.id()));
		});
		assertThat(output).contains("Skipped line " + (lines + 1) + " of shutdown report file " + file);
		// the cut line is gone; the run of the context just closed follows the first one
		assertThat(ShutdownReportFile.read(file)).hasSize(2).allMatch(ShutdownReport::finished)
			.first()
			.extracting(ShutdownReport::id)
			.isEqualTo(first.id());
	}

	@Test
	void unreadableLinesInTheMiddleAreSkippedAndTheRunsAroundThemAreKept(CapturedOutput output) throws Exception {
		Path file = this.directory.resolve("shutdown.jsonl");
		ShutdownReport first = shutDownOnce(file);
		ByteArrayOutputStream garbage = new ByteArrayOutputStream();
		garbage.write(new byte[] { 'a', (byte) 0xC3, (byte) 0x28, '\n' }); // invalid UTF-8
		garbage.write("{\"event\":\"run_started\",\"run\":\"y\"\n".getBytes(StandardCharsets.UTF_8));
		garbage.write("not json at all\n".getBytes(StandardCharsets.UTF_8));
		Files.write(file, garbage.toByteArray(), StandardOpenOption.APPEND);
		ShutdownReport second = shutDownOnce(file);
		assertThat(ShutdownReportFile.read(file)).extracting(ShutdownReport::id)
			.containsExactly(first.id(), second.id());
		assertThat(output).contains("of shutdown report file " + file);
	}

	@Test
	void aBinaryFileIsSkippedWithAWarningInsteadOfFailingStartup(CapturedOutput output) throws Exception {
		Path file = this.directory.resolve("shutdown.jsonl");
		byte[] noise = new byte[64 * 1024];
		new Random(42).nextBytes(noise);
		Files.write(file, noise);
		this.runner.withPropertyValues("orderly.shutdown.report.file=" + file).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ShutdownReportFile.class).previousRun()).isEmpty();
		});
		assertThat(output).contains("Skipped line 1 of shutdown report file " + file);
		// the noise is gone; the run of the context just closed is readable
		assertThat(ShutdownReportFile.read(file)).singleElement().matches(ShutdownReport::finished);
	}

	@ParameterizedTest
	@ValueSource(strings = { "rw-r--r--", "rw-rw----" })
	@EnabledOnOs({ OS.LINUX, OS.MAC })
	void pruningAtStartupKeepsTheFilesPermissions(String permissions) throws Exception {
		Path file = this.directory.resolve("shutdown.jsonl");
		for (int i = 0; i < 3; i++) {
			shutDownOnce(file);
		}
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
		this.runner.withPropertyValues("orderly.shutdown.report.file=" + file, "orderly.shutdown.report.keep-runs=2")
			.run((context) -> {
				assertThat(ShutdownReportFile.read(file)).as("pruned to one run at startup").hasSize(1);
				assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo(permissions);
			});
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo(permissions);
	}

	@Test
	@EnabledOnOs({ OS.LINUX, OS.MAC })
	void pruningAtStartupKeepsTheFilesOwnerAndGroupWhenAllowedToSetThem() throws Exception {
		Path file = this.directory.resolve("shutdown.jsonl");
		shutDownOnce(file);
		shutDownOnce(file);
		// the owner and group of a log-shipping sidecar, say; only root may give a file away
		try {
			Files.setAttribute(file, "unix:uid", 65534);
			Files.setAttribute(file, "unix:gid", 65534);
		}
		catch (IOException ex) {
			assumeTrue(false, "not allowed to change a file's owner here: " + ex);
		}
		this.runner.withPropertyValues("orderly.shutdown.report.file=" + file, "orderly.shutdown.report.keep-runs=2")
			.run((context) -> assertThat(ShutdownReportFile.read(file)).as("pruned to one run at startup").hasSize(1));
		assertThat(Files.getAttribute(file, "unix:uid")).isEqualTo(65534);
		assertThat(Files.getAttribute(file, "unix:gid")).isEqualTo(65534);
	}

	@Test
	@EnabledOnOs({ OS.LINUX, OS.MAC })
	void aNewFileGetsTheSamePermissionsAsAnyNewFileInItsDirectory() throws Exception {
		Path file = this.directory.resolve("shutdown.jsonl");
		this.runner.withPropertyValues("orderly.shutdown.report.file=" + file)
			.run((context) -> assertThat(context).hasNotFailed());
		Set<PosixFilePermission> umaskDefault = Files
			.getPosixFilePermissions(Files.createFile(this.directory.resolve("any-new-file")));
		assertThat(Files.getPosixFilePermissions(file)).isEqualTo(umaskDefault);
	}

	@Test
	void whenTheFileCannotBeWrittenThenStartupFailsNamingTheProperty() throws Exception {
		Path notADirectory = Files.writeString(this.directory.resolve("plain-file"), "x");
		this.runner.withPropertyValues("orderly.shutdown.report.file=" + notADirectory.resolve("shutdown.jsonl"))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
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
			.run((context) -> {
				assertThat(context).hasNotFailed();
				context.close();
			});
		return listener.finished.get(30, TimeUnit.SECONDS);
	}

}

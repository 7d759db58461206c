package dev.orderly.shutdown.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.orderly.shutdown.internal.report.file.ShutdownReportFile;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.testsupport.ChildJvm;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends a real SIGTERM to {@link StagesAtTheirTimeoutApplication}, whose tasks run to their
 * stage's timeout, and checks from outside the process that no stage overlapped the next,
 * that the last stage is in the logged report and that the report file's events are in
 * order, ending with the run's end.
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class StagesAtTheirTimeoutProcessTests {

	/** The report file's events, each as its name and stage, when every stage ran in order. */
	/** Flush's one task is Spring Boot's application task executor, a stage member by default. */
	private static final List<String> EVERY_STAGE_IN_ORDER = List.of("run_started ", "stage_started consumers",
			"task_finished consumers", "stage_finished consumers", "stage_started flush", "task_finished flush",
			"stage_finished flush", "stage_started release", "task_finished release", "stage_finished release",
			"run_finished ");

	@TempDir
	Path directory;

	@AutoClose
	private ChildJvm app;

	@Test
	void sigtermWithTasksRunningToTheirStageTimeoutReportsEveryStageInOrder() throws Exception {
		Path file = this.directory.resolve("shutdown.jsonl");
		start(file);
		this.app.sigterm();
		assertThat(this.app.waitForExit(Duration.ofSeconds(20))).as(this.app.log()).isTrue();
		String log = this.app.log();
		// the logged table has every stage, the last one included
		assertThat(log).as(log).containsPattern("(?m)^  release +timed_out ")
			.containsPattern("(?m)^ +hung +timed_out .*cancelled after 1 s");
		List<JsonNode> events = events(file);
		assertThat(events).extracting(StagesAtTheirTimeoutProcessTests::nameAndStage)
			.as(log)
			.containsExactlyElementsOf(EVERY_STAGE_IN_ORDER);
		assertThat(events).extracting((event) -> Instant.parse(event.path("time").asString())).isSorted();
		ShutdownReport run = ShutdownReportFile.read(file).get(0);
		assertThat(run.finished()).isTrue();
		assertThat(run.stages()).extracting(StageReport::name).containsExactly("consumers", "flush", "release");
	}

	@Test
	void sigtermWithAListenerThatBlocksOnEveryFinishedTaskStillEndsEachStageInTimeAndReportsEveryStage()
			throws Exception {
		Path file = this.directory.resolve("shutdown.jsonl");
		start(file, "--test.blocking-listener=true");
		this.app.sigterm();
		assertThat(this.app.waitForExit(Duration.ofSeconds(20))).as(this.app.log()).isTrue();
		String log = this.app.log();
		assertThat(log).contains("Shutdown listener " + StagesAtTheirTimeoutApplication.BlockingListener.class.getName()
				+ " is late (still handling 'task finished consumers/until-its-deadline'");
		// the report file is a listener of its own: the blocked one does not hold it up
		List<JsonNode> events = events(file);
		assertThat(events).extracting(StagesAtTheirTimeoutProcessTests::nameAndStage)
			.as(log)
			.containsExactlyElementsOf(EVERY_STAGE_IN_ORDER);
		// each 1 s stage ended within its deadline plus half of the 1 s end margin, with room for a loaded machine
		for (StageReport stage : ShutdownReportFile.read(file).get(0).stages()) {
			assertThat(stage.duration()).as(stage.name()).isLessThan(Duration.ofMillis(1900));
		}
		Instant consumersStarted = time(events, "stage_started consumers");
		Instant flushStarted = time(events, "stage_started flush");
		assertThat(Duration.between(consumersStarted, flushStarted)).isLessThan(Duration.ofMillis(1900));
	}

	/** Starts the application with 1 s stages in a 10 s budget, writing its report file. */
	private void start(Path file, String... moreArgs) throws IOException {
		List<String> args = new ArrayList<>(List.of("--spring.main.web-application-type=none",
				"--orderly.shutdown.budget=10s", "--orderly.shutdown.stages.consumers.timeout=1s",
				"--orderly.shutdown.stages.flush.timeout=1s", "--orderly.shutdown.stages.release.timeout=1s",
				"--orderly.shutdown.report.file=" + file));
		args.addAll(List.of(moreArgs));
		this.app = ChildJvm.startReady(StagesAtTheirTimeoutApplication.class, args,
				StagesAtTheirTimeoutApplication.READY);
	}

	private static List<JsonNode> events(Path file) throws IOException {
		return Files.readAllLines(file).stream().map(JsonMapper.shared()::readTree).toList();
	}

	private static String nameAndStage(JsonNode event) {
		return event.path("event").asString() + " " + event.path("stage").asString();
	}

	private static Instant time(List<JsonNode> events, String event) {
		return events.stream()
			.filter((candidate) -> nameAndStage(candidate).equals(event))
			.map((candidate) -> Instant.parse(candidate.path("time").asString()))
			.findFirst()
			.orElseThrow();
	}

}

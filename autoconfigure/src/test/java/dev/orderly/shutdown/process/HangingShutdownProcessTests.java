package dev.orderly.shutdown.process;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.internal.exit.ExitWatchdog;
import dev.orderly.shutdown.internal.report.file.ShutdownReportFile;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.TaskReport;
import dev.orderly.shutdown.testsupport.ChildJvm;
import dev.orderly.shutdown.testsupport.TestWebApplication;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A shutdown that hangs tells where: {@link HangingApplication} runs as a child JVM, hangs
 * in one way or another, and the test reads its log and report file from outside, as an
 * operator would, and measures the time from SIGTERM (or the shutdown request) to exit.
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class HangingShutdownProcessTests {

	/** A web application whose stages fit a 3 s budget: it halts at 3 s without cutting them. */
	private static final List<String> SMALL_WEB_BUDGET = List.of("--server.port=0", "--" + TestWebApplication.ON_TOMCAT,
			"--orderly.shutdown.budget=3s", "--orderly.shutdown.drain.max-delay=1s",
			"--orderly.shutdown.drain.quiet-period=200ms", "--orderly.shutdown.web.timeout=500ms",
			"--orderly.shutdown.stages.consumers.timeout=300ms", "--orderly.shutdown.stages.flush.timeout=300ms",
			"--orderly.shutdown.stages.release.timeout=300ms",
			"--management.endpoints.web.exposure.include=shutdown",
			"--management.endpoint.shutdown.access=unrestricted", "--test.stray-thread=true");

	private static final String NOT_EXITED = "Process did not exit 2 s after the application context closed";

	private static final String HALT_LINE = "Orderly shutdown halts the JVM with status 124";

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newHttpClient();

	@TempDir
	Path directory;

	@AutoClose
	private ChildJvm app;

	@Test
	void tasksThatTimeOutNameTheThreadAndTheStackTheyAreStuckIn() throws Exception {
		Path file = this.directory.resolve("shutdown.jsonl");
		start(List.of("--spring.main.web-application-type=none", "--orderly.shutdown.report.file=" + file,
				"--orderly.shutdown.stages.consumers.timeout=1s", "--test.socket-read=true",
				"--test.slow-async-stop=true", "--orderly.shutdown.stages.consumers.lifecycles=slowContainer"));
		long sent = System.nanoTime();
		this.app.sigterm();
		assertThat(this.app.waitForExit(Duration.ofSeconds(20))).as(this.app.log()).isTrue();
		report("timed-out tasks: SIGTERM to exit", sent);
		assertThat(this.app.exitValue()).isEqualTo(143);

		// the log table: the blocking call and the application's frame, on the task's row
		String readRow = line("read-reply");
		assertThat(readRow).contains("timed_out", "cancelled after 1 s; stuck in 'orderly-shutdown-flush-")
			.contains("<- " + HangingApplication.ReplyClient.class.getName() + ".awaitReply(HangingApplication.java:");
		String stopRow = line("lifecycle:slowContainer");
		assertThat(stopRow).contains("timed_out", "stuck in 'container-stopper' at java.lang.Thread.sleep")
			.contains("<- " + HangingApplication.SlowStoppingContainer.class.getName()
					+ ".finishInFlightWork(HangingApplication.java:");

		// the report file: the frames that matter, from the socket read down to the task's code
		ShutdownReport run = ShutdownReportFile.read(file).get(0);
		TaskReport read = task(run, "flush", "read-reply");
		assertThat(read.outcome()).isEqualTo(ShutdownOutcome.TIMED_OUT);
		assertThat(read.thread()).startsWith("orderly-shutdown-flush-");
		assertThat(read.stack()).hasSizeLessThanOrEqualTo(10)
			.anyMatch((frame) -> frame.startsWith("sun.nio.ch.NioSocketImpl."))
			.anyMatch((frame) -> frame.contains("SocketInputStream.read("))
			.noneMatch((frame) -> frame.startsWith("java.util.concurrent.") || frame.contains("TaskExecution"));
		assertThat(read.stack().get(read.stack().size() - 1))
			.startsWith(HangingApplication.ReplyClient.class.getName() + ".awaitReply(HangingApplication.java:");
		TaskReport stop = task(run, "consumers", "lifecycle:slowContainer");
		assertThat(stop.outcome()).isEqualTo(ShutdownOutcome.TIMED_OUT);
		assertThat(stop.thread()).isEqualTo("container-stopper");
		assertThat(stop.stack()).anyMatch((frame) -> frame.startsWith(
				HangingApplication.SlowStoppingContainer.class.getName() + ".finishInFlightWork("));
	}

	@Test
	void aStrayNonDaemonThreadAfterTheShutdownEndpointIsLoggedWithItsStackAndRecorded() throws Exception {
		Path file = this.directory.resolve("shutdown.jsonl");
		List<String> args = new ArrayList<>(SMALL_WEB_BUDGET);
		args.add("--orderly.shutdown.report.file=" + file);
		start(args);
		long sent = System.nanoTime();
		assertThat(curlPostShutdown().statusCode()).isEqualTo(200);
		String notExited = this.app.awaitLine((line) -> line.contains(NOT_EXITED), Duration.ofSeconds(20));
		report("stray thread: shutdown request to the threads' report", sent);
		assertThat(notExited).contains("1 non-daemon thread keeps the JVM alive: 'stray-poller'");
		assertThat(this.app.output()).anyMatch((line) -> line.contains("thread 'stray-poller' (TIMED_WAITING)"))
			.anyMatch((line) -> line.contains(
					"at " + HangingApplication.StrayPoller.class.getName() + ".poll(HangingApplication.java:"));
		// as Spring Boot's endpoint leaves it: alive for ever
		assertThat(this.app.waitForExit(Duration.ofSeconds(2))).isFalse();

		JsonNode event = event(file, "process_not_exited");
		assertThat(event.path("cause").asString()).isEqualTo("non_daemon_threads");
		// the run (about 0.7 s here), then the 2 s wait after the context closed
		Duration reportedAfter = sinceRunStart(file, event);
		System.out.println("stray thread: run start to the threads' report " + reportedAfter.toMillis() + " ms");
		assertThat(reportedAfter).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(10));
		assertThat(event.path("threads")).singleElement().satisfies((thread) -> {
			assertThat(thread.path("name").asString()).isEqualTo("stray-poller");
			assertThat(thread.path("stack").values()).extracting(JsonNode::asString)
				.anyMatch((frame) -> frame.startsWith(HangingApplication.StrayPoller.class.getName() + ".poll("));
		});
	}

	@Test
	void haltAfterHaltsAJvmKeptAliveWithAFinalLineAndItsStatus() throws Exception {
		Path file = this.directory.resolve("shutdown.jsonl");
		List<String> args = new ArrayList<>(SMALL_WEB_BUDGET);
		args.addAll(List.of("--orderly.shutdown.report.file=" + file, "--orderly.shutdown.exit.halt-after=3s"));
		start(args);
		long sent = System.nanoTime();
		assertThat(curlPostShutdown().statusCode()).isEqualTo(200);
		assertThat(this.app.waitForExit(Duration.ofSeconds(20))).as(this.app.log()).isTrue();
		report("halt-after 3s: shutdown request to exit", sent);
		assertThat(this.app.exitValue()).isEqualTo(ExitWatchdog.HALT_STATUS).isEqualTo(124);
		List<String> output = this.app.output();
		assertThat(output.get(output.size() - 1)).contains(HALT_LINE + ": still alive 3 s after the shutdown began "
				+ "(orderly.shutdown.exit.halt-after); alive: 'stray-poller'");

		JsonNode halted = event(file, "process_halted");
		assertThat(halted.path("status").asInt()).isEqualTo(124);
		assertThat(halted.path("threads").values()).extracting((thread) -> thread.path("name").asString())
			.containsExactly("stray-poller");
		// halted 3 s after the run began, give or take the machine's load
		Duration haltedAfter = sinceRunStart(file, halted);
		System.out.println("halt-after 3s: run start to halt " + haltedAfter.toMillis() + " ms");
		assertThat(haltedAfter).isBetween(Duration.ofSeconds(3), Duration.ofMillis(4500));
		assertThat(ShutdownReportFile.read(file).get(0).finished()).isTrue();
	}

	@Test
	void aShutdownHookThatDoesNotReturnAfterSigtermIsReportedAndHalted() throws Exception {
		Path file = this.directory.resolve("shutdown.jsonl");
		start(List.of("--spring.main.web-application-type=none", "--orderly.shutdown.report.file=" + file,
				"--orderly.shutdown.budget=3s", "--orderly.shutdown.stages.consumers.timeout=500ms",
				"--orderly.shutdown.stages.flush.timeout=500ms", "--orderly.shutdown.stages.release.timeout=500ms",
				"--orderly.shutdown.exit.halt-after=4s", "--test.hanging-hook=true"));
		long sent = System.nanoTime();
		this.app.sigterm();
		assertThat(this.app.waitForExit(Duration.ofSeconds(20))).as(this.app.log()).isTrue();
		report("hanging shutdown hook, halt-after 4s: SIGTERM to exit", sent);
		assertThat(this.app.exitValue()).as(this.app.log()).isEqualTo(124);
		String log = this.app.log();
		assertThat(log).contains(NOT_EXITED + ": the JVM is shutting down and a shutdown hook has not returned")
			.contains("thread 'library-shutdown-hook' (TIMED_WAITING)")
			.contains("at " + HangingApplication.LibraryHook.class.getName() + ".awaitFlush(HangingApplication.java:");
		List<String> output = this.app.output();
		assertThat(output.get(output.size() - 1)).contains(HALT_LINE + ": still alive 4 s after the shutdown began")
			.contains("'library-shutdown-hook'");
		assertThat(event(file, "process_not_exited").path("cause").asString()).isEqualTo("shutdown_hook_running");
		assertThat(event(file, "process_halted").path("threads").values())
			.extracting((thread) -> thread.path("name").asString())
			.contains("library-shutdown-hook");
	}

	private void start(List<String> args) throws Exception {
		this.app = ChildJvm.startReady(HangingApplication.class, args, HangingApplication.READY);
	}

	/** As Spring Boot documents it: {@code curl -X POST http://localhost:8080/actuator/shutdown}. */
	private HttpResponse<String> curlPostShutdown() throws Exception {
		String ready = this.app.awaitLine((line) -> line.startsWith(HangingApplication.READY), Duration.ofSeconds(1));
		URI uri = URI.create("http://127.0.0.1:" + ready.substring(ready.indexOf("port=") + 5) + "/actuator/shutdown");
		return this.client.send(HttpRequest.newBuilder(uri).header("Accept", "*/*").POST(HttpRequest.BodyPublishers.noBody()).build(),
					HttpResponse.BodyHandlers.ofString());
	}

	private void report(String what, long sentNanos) {
		System.out.println(what + ": " + Duration.ofNanos(System.nanoTime() - sentNanos).toMillis() + " ms");
	}

	private String line(String task) {
		return this.app.output()
			.stream()
			.filter((line) -> line.strip().startsWith(task + " "))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No row " + task + " in:\n" + this.app.log()));
	}

	private static TaskReport task(ShutdownReport run, String stage, String name) {
		return run.stage(stage).tasks().stream().filter((task) -> task.name().equals(name)).findFirst().orElseThrow();
	}

	private static Duration sinceRunStart(Path file, JsonNode event) {
		ShutdownReport run = ShutdownReportFile.read(file).get(0);
		return Duration.between(run.startedAt(), Instant.parse(event.path("time").asString()));
	}

	private JsonNode event(Path file, String name) throws Exception {
		return Files.readAllLines(file)
			.stream()
			.map(this.json::readTree)
			.filter((node) -> name.equals(node.path("event").asString()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No " + name + " event in " + file));
	}

}

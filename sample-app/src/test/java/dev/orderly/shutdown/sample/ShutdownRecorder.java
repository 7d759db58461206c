package dev.orderly.shutdown.sample;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.orderly.shutdown.report.ShutdownListener;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.report.TaskReport;

import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * Records the events of a shutdown as they happen, as any {@link ShutdownListener} bean
 * receives them.
 */
class ShutdownRecorder implements ShutdownListener {

	/**
	 * The rows of the sample's report, in order: its stages, and the lifecycle phases Spring
	 * stops between them, where Spring Boot stops the management server on its own port
	 * ({@code ChildManagementContextInitializer}, at {@code GRACEFUL_SHUTDOWN_PHASE - 512})
	 * and then the web server.
	 */
	static final List<String> STAGES_AND_PHASES = List.of("drain", "web",
			"phase " + (WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE - 512),
			"phase " + WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE, "consumers", "flush", "release");

	final List<String> events = new CopyOnWriteArrayList<>();

	final CompletableFuture<ShutdownReport> finished = new CompletableFuture<>();

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
		this.finished.complete(report);
	}

	/**
	 * The events of the stages and the run, without the tasks (which run concurrently
	 * within their stage).
	 * @return the events in order
	 */
	List<String> stageEvents() {
		return this.events.stream().filter((event) -> !event.startsWith("task ")).toList();
	}

	/**
	 * The tasks that finished while the stage ran, between its start and its end.
	 * @param stage the stage
	 * @return task names
	 */
	List<String> tasksFinishedWithin(String stage) {
		int start = this.events.indexOf("stage started: " + stage);
		int end = this.events.indexOf("stage finished: " + stage);
		if (start < 0 || end < start) {
			return List.of();
		}
		String prefix = "task finished: " + stage + "/";
		return this.events.subList(start, end)
			.stream()
			.filter((event) -> event.startsWith(prefix))
			.map((event) -> event.substring(prefix.length()))
			.toList();
	}

}

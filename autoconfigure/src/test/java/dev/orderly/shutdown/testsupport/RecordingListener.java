package dev.orderly.shutdown.testsupport;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.orderly.shutdown.report.ShutdownListener;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.report.TaskReport;

/**
 * Records the events of a run, and its final report, as a user's listener would see them.
 */
public class RecordingListener implements ShutdownListener {

	public final List<String> events = new CopyOnWriteArrayList<>();

	public final CompletableFuture<ShutdownReport> finished = new CompletableFuture<>();

	@Override
	public void runStarted(ShutdownReport report) {
		this.events.add("run started by " + report.trigger());
	}

	@Override
	public void stageStarted(ShutdownReport report, String stage) {
		this.events.add("stage started " + stage);
	}

	@Override
	public void taskFinished(ShutdownReport report, String stage, TaskReport task) {
		this.events.add("task finished " + stage + "/" + task.name() + " " + task.outcome());
	}

	@Override
	public void stageFinished(ShutdownReport report, StageReport stage) {
		this.events.add("stage finished " + stage.name() + " " + stage.outcome());
	}

	@Override
	public void runFinished(ShutdownReport report) {
		this.events.add("run finished " + report.outcome());
		this.finished.complete(report);
	}

	public ShutdownReport report() {
		return this.finished.getNow(null);
	}

}

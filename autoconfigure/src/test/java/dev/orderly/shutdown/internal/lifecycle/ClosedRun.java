package dev.orderly.shutdown.internal.lifecycle;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.report.TaskReport;
import dev.orderly.shutdown.testsupport.RecordingListener;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Closes a test's context as the shutdown hook would, on a thread of its own, and reads what
 * its {@link RecordingListener} recorded.
 */
final class ClosedRun {

	private ClosedRun() {
	}

	/**
	 * Close the context and wait for the run's report.
	 * @param context a context with a {@link RecordingListener} bean
	 * @return the run's final report
	 * @throws Exception if the close or the report takes too long
	 */
	static ShutdownReport close(ConfigurableApplicationContext context) throws Exception {
		RecordingListener listener = context.getBean(RecordingListener.class);
		CompletableFuture.runAsync(context::close, (task) -> new Thread(task, "test-close").start())
			.get(30, TimeUnit.SECONDS);
		return listener.finished.get(5, TimeUnit.SECONDS);
	}

	static StageReport stage(ShutdownReport report, String name) {
		return report.stages()
			.stream()
			.filter((stage) -> stage.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no stage " + name + " in " + report));
	}

	static TaskReport task(ShutdownReport report, String stage, String task) {
		return stage(report, stage).tasks()
			.stream()
			.filter((candidate) -> candidate.name().equals(task))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no task " + stage + "/" + task + " in " + report));
	}

}

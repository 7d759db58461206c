package dev.orderly.shutdown.observation;

import dev.orderly.shutdown.report.TaskReport;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * Context of the {@link ShutdownObservationDocumentation#TASK observation of a task}.
 *
 * @since 0.1.0
 */
public class ShutdownTaskObservationContext extends Observation.Context {

	private final String stageName;

	private final String taskName;

	private volatile @Nullable TaskReport report;

	/**
	 * Create the context of a task that has just started.
	 * @param stageName the name of the task's stage
	 * @param taskName the task's name
	 */
	public ShutdownTaskObservationContext(String stageName, String taskName) {
		this.stageName = stageName;
		this.taskName = taskName;
	}

	/**
	 * The name of the task's stage.
	 * @return the stage name
	 */
	public String getStageName() {
		return this.stageName;
	}

	/**
	 * The task's name.
	 * @return the task name
	 */
	public String getTaskName() {
		return this.taskName;
	}

	/**
	 * What the task did (outcome, error), once it has ended.
	 * @return the task's report, or {@code null} while it runs
	 */
	public @Nullable TaskReport getReport() {
		return this.report;
	}

	/**
	 * Record the end of the task, before its observation stops.
	 * @param report what the task did
	 */
	public void ended(TaskReport report) {
		this.report = report;
	}

}

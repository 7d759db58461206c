package dev.orderly.shutdown.report;

/**
 * Receives the events of a shutdown run as they happen, in order: run started, then for
 * each stage: stage started, task started and task finished (per task, concurrently for
 * the tasks of a stage), stage finished; then run finished.
 * Declare implementations as beans. Callbacks run on shutdown threads and must be quick; an
 * exception thrown by a listener is logged and does not stop the shutdown.
 *
 * @since 0.1.0
 */
public interface ShutdownListener {

	/**
	 * A run has started.
	 * @param report the run so far (no stages yet)
	 */
	default void runStarted(ShutdownReport report) {
	}

	/**
	 * A stage has started.
	 * @param report the run so far
	 * @param stage the stage name
	 */
	default void stageStarted(ShutdownReport report, String stage) {
	}

	/**
	 * A task has started, on its own thread.
	 * @param report the run so far
	 * @param stage the stage name
	 * @param task the task name
	 */
	default void taskStarted(ShutdownReport report, String stage, String task) {
	}

	/**
	 * A task has finished, whatever its outcome.
	 * @param report the run so far
	 * @param stage the stage name
	 * @param task what the task did
	 */
	default void taskFinished(ShutdownReport report, String stage, TaskReport task) {
	}

	/**
	 * A stage has finished.
	 * @param report the run so far, including this stage
	 * @param stage what the stage did
	 */
	default void stageFinished(ShutdownReport report, StageReport stage) {
	}

	/**
	 * The run has finished.
	 * @param report the complete report
	 */
	default void runFinished(ShutdownReport report) {
	}

}

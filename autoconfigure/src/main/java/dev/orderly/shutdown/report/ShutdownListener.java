package dev.orderly.shutdown.report;

/**
 * Receives the events of a shutdown run as they happen, in order: run started, then for
 * each stage: stage started, task started and task finished (per task, the tasks of a stage
 * running concurrently), stage finished; then run finished, after which nothing comes.
 * <p>
 * Declare implementations as beans. Each listener is called on a thread of its own, one
 * event at a time, so a slow listener holds up neither the shutdown nor the other listeners:
 * <ul>
 * <li>A stage waits for its listeners to handle its end until at most 500 ms past its
 * deadline (half the 1 s margin Spring is given past each stage's deadline), and the run's
 * end waits as long. A listener that keeps up has handled a stage's end before the
 * next stage starts.</li>
 * <li>A listener still busy then is named in a WARN line and not waited for again until it
 * has caught up; it receives the rest of the events late, still in order, and misses the
 * last ones if the JVM exits first.</li>
 * <li>Anything a listener throws, even an {@link Error}, is logged at WARN and costs it only
 * that event.</li>
 * <li>A listener bean that cannot be created when the shutdown begins (such as a lazy one)
 * is left out, with a WARN naming it.</li>
 * </ul>
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
	 * A task is starting: its stage is about to run it on a thread of its own.
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

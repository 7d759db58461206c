package dev.orderly.shutdown.internal.engine;

import java.util.Map;

import dev.orderly.shutdown.ShutdownTask;
import org.jspecify.annotations.Nullable;

/**
 * A task that keeps a short note and counts while it runs, such as the tasks an executor
 * finished and abandoned. They are read when the task's outcome is settled, also when its
 * deadline passes while it still runs: the note goes into the task's detail, the counts are
 * added up into its stage's.
 */
public interface CountingTask extends ShutdownTask {

	/**
	 * A short note for the task's detail, as things stand now.
	 * @return the note, or {@code null}
	 */
	@Nullable String detail();

	/**
	 * What the task has counted so far, added up with the other tasks' into the stage's counts.
	 * @return the counts by name
	 */
	Map<String, Long> counts();

}

package dev.orderly.shutdown.internal.engine;

import java.util.List;

import dev.orderly.shutdown.ShutdownConfigurationException.Problem;
import dev.orderly.shutdown.ShutdownTask;
import dev.orderly.shutdown.internal.plan.ShutdownPlan;

/**
 * Adds tasks to the stages once every singleton exists, beside the application's own
 * tasks, such as the stop of a lifecycle bean moved into a stage. The
 * {@link ShutdownTaskCollector} validates them like any other task.
 */
public interface StageTaskContributor {

	/**
	 * The tasks to add.
	 * @param plan the plan, whose application stages take the tasks
	 * @param problems where to add the configuration problems found
	 * @return the tasks
	 */
	List<Contribution> tasks(ShutdownPlan plan, List<Problem> problems);

	/**
	 * One task to add to a stage.
	 *
	 * @param subject what a problem with the task names, such as the property that placed it
	 * @param stage the stage it runs in
	 * @param name the task name
	 * @param source where it comes from, for the plan and the report
	 * @param task the work
	 */
	record Contribution(String subject, String stage, String name, String source, ShutdownTask task) {
	}

}

package dev.orderly.shutdown.internal.engine;

import java.time.Duration;

import dev.orderly.shutdown.ShutdownTask;

/**
 * A validated task with its stage, resolved timeout and origin.
 *
 * @param stage the stage it runs in
 * @param name the task name, unique within the stage
 * @param source where it comes from, for the plan and the report
 * @param timeout its time limit
 * @param task the work
 */
public record PlannedTask(String stage, String name, String source, Duration timeout, ShutdownTask task) {
}

package dev.orderly.shutdown.observation;

import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.observation.ShutdownObservationDocumentation.TaskHighCardinalityKeyNames;
import dev.orderly.shutdown.observation.ShutdownObservationDocumentation.TaskLowCardinalityKeyNames;
import dev.orderly.shutdown.report.TaskReport;
import io.micrometer.common.KeyValues;

/**
 * The default {@link ShutdownTaskObservationConvention}: named {@code orderly.shutdown.task},
 * span {@code task <stage>/<task>}, tagged with the stage, the task and, at the end, its
 * outcome; a failure's message is a high-cardinality key.
 *
 * @since 0.1.0
 */
public class DefaultShutdownTaskObservationConvention implements ShutdownTaskObservationConvention {

	@Override
	public String getName() {
		return ShutdownObservationDocumentation.TASK.getName();
	}

	@Override
	public String getContextualName(ShutdownTaskObservationContext context) {
		return "task " + context.getStageName() + "/" + context.getTaskName();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ShutdownTaskObservationContext context) {
		KeyValues keyValues = KeyValues.of(TaskLowCardinalityKeyNames.STAGE.withValue(context.getStageName()),
				TaskLowCardinalityKeyNames.TASK.withValue(context.getTaskName()));
		TaskReport report = context.getReport();
		if (report != null) {
			keyValues = keyValues.and(TaskLowCardinalityKeyNames.OUTCOME.withValue(report.outcome().label()));
		}
		return keyValues;
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ShutdownTaskObservationContext context) {
		TaskReport report = context.getReport();
		// A completed task's detail (such as the tasks an executor finished) is no error.
		if (report != null && report.error() != null && report.outcome() != ShutdownOutcome.COMPLETED) {
			return KeyValues.of(TaskHighCardinalityKeyNames.ERROR_MESSAGE.withValue(report.error()));
		}
		return KeyValues.empty();
	}

}

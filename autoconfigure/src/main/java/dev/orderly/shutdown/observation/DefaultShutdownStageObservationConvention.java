package dev.orderly.shutdown.observation;

import dev.orderly.shutdown.observation.ShutdownObservationDocumentation.StageHighCardinalityKeyNames;
import dev.orderly.shutdown.observation.ShutdownObservationDocumentation.StageLowCardinalityKeyNames;
import dev.orderly.shutdown.report.StageReport;
import io.micrometer.common.KeyValues;

/**
 * The default {@link ShutdownStageObservationConvention}: named
 * {@code orderly.shutdown.stage}, span {@code stage <name>}, tagged with the stage and, at
 * the end, its outcome. The stage's counts are not key values: a count is unbounded, and the
 * request counts are meters of their own.
 *
 * @since 0.1.0
 */
public class DefaultShutdownStageObservationConvention implements ShutdownStageObservationConvention {

	@Override
	public String getName() {
		return ShutdownObservationDocumentation.STAGE.getName();
	}

	@Override
	public String getContextualName(ShutdownStageObservationContext context) {
		return "stage " + context.getStageName();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ShutdownStageObservationContext context) {
		KeyValues keyValues = KeyValues.of(StageLowCardinalityKeyNames.STAGE.withValue(context.getStageName()));
		StageReport report = context.getReport();
		if (report != null) {
			keyValues = keyValues.and(StageLowCardinalityKeyNames.OUTCOME.withValue(report.outcome().label()));
		}
		return keyValues;
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ShutdownStageObservationContext context) {
		StageReport report = context.getReport();
		if (report != null && report.detail() != null) {
			return KeyValues.of(StageHighCardinalityKeyNames.DETAIL.withValue(report.detail()));
		}
		return KeyValues.empty();
	}

}

package dev.orderly.shutdown.observation;

import dev.orderly.shutdown.observation.ShutdownObservationDocumentation.ShutdownHighCardinalityKeyNames;
import dev.orderly.shutdown.observation.ShutdownObservationDocumentation.ShutdownLowCardinalityKeyNames;
import dev.orderly.shutdown.report.ShutdownReport;
import io.micrometer.common.KeyValues;

/**
 * The default {@link ShutdownObservationConvention}: named {@code orderly.shutdown}, span
 * {@code orderly shutdown}, tagged with the trigger and, at the end, the outcome.
 *
 * @since 0.1.0
 */
public class DefaultShutdownObservationConvention implements ShutdownObservationConvention {

	@Override
	public String getName() {
		return ShutdownObservationDocumentation.SHUTDOWN.getName();
	}

	@Override
	public String getContextualName(ShutdownObservationContext context) {
		return "orderly shutdown";
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ShutdownObservationContext context) {
		ShutdownReport report = context.getReport();
		KeyValues keyValues = KeyValues.of(ShutdownLowCardinalityKeyNames.TRIGGER.withValue(report.trigger().label()));
		if (context.isEnded()) {
			keyValues = keyValues.and(ShutdownLowCardinalityKeyNames.OUTCOME.withValue(report.outcome().label()));
		}
		return keyValues;
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ShutdownObservationContext context) {
		ShutdownReport report = context.getReport();
		KeyValues keyValues = KeyValues.of(ShutdownHighCardinalityKeyNames.RUN_ID.withValue(report.id()));
		if (report.reason() != null) {
			keyValues = keyValues.and(ShutdownHighCardinalityKeyNames.REASON.withValue(report.reason()));
		}
		return keyValues;
	}

}

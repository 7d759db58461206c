package dev.orderly.shutdown.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@link ShutdownObservationDocumentation#SHUTDOWN} observation. Declare a
 * bean of this type to replace {@link DefaultShutdownObservationConvention}, or extend
 * that class to change one key.
 *
 * @since 0.1.0
 */
public interface ShutdownObservationConvention extends ObservationConvention<ShutdownObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof ShutdownObservationContext;
	}

}

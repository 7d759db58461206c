package dev.orderly.shutdown.internal.engine;

import java.time.Duration;
import java.util.Optional;

import org.springframework.context.SmartLifecycle;

/**
 * The engine as the stages it does not run itself see it: the drain and the web stage
 * begin, bound and end their stage through this and nothing else, so they cannot begin or
 * finish the run. The auto-configuration hands it to them from
 * {@link ShutdownEngine#stageRecorder()}.
 */
public interface StageRecorder {

	/**
	 * Begin recording a stage of the run; end it with
	 * {@link StageRecording#end(dev.orderly.shutdown.ShutdownOutcome, String, java.util.Map)}.
	 * @param stage the stage name, one of the plan's
	 * @return the recording, empty if no run has begun
	 */
	Optional<StageRecording> begin(String stage);

	/**
	 * Bound Spring's wait for a lifecycle phase by what is left of a stage, plus a margin.
	 * Call it while the phase is stopping, before Spring starts waiting: Spring reads the
	 * timeout then.
	 * @param phase the lifecycle phase that is stopping
	 * @param stage the stage that runs in it
	 * @param margin time added for the stage to record its end after its deadline
	 * @return the wait given to Spring
	 */
	Duration boundPhase(int phase, StageRecording stage, Duration margin);

	/**
	 * A lifecycle that runs the action when Spring stops the phase during a run, and not on a
	 * plain {@code context.stop()}.
	 * @param phase the lifecycle phase
	 * @param action what to run
	 * @return the lifecycle, to register as a bean
	 */
	SmartLifecycle atPhase(int phase, Runnable action);

}

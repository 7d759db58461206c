package dev.orderly.shutdown.internal.engine;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import dev.orderly.shutdown.internal.plan.ShutdownPhases;
import dev.orderly.shutdown.internal.plan.StagePlan;

/**
 * Runs one application stage when Spring stops its lifecycle phase. The stage runs on its
 * own thread so that other beans the user placed in the same phase stop concurrently. The
 * stage's clock starts before Spring's wait for the phase, and Spring is told to wait for
 * what is left of the stage plus {@link #END_MARGIN}, so the stage has always ended (and
 * its end has been passed on to its listeners) before the next phase begins.
 */
public final class StageLifecycle extends ShutdownPhaseHook {

	/**
	 * Time Spring waits for a stage beyond its deadline: the stage cancels its tasks at the
	 * deadline, then records its end and waits for its listeners to hear of it, for at most
	 * half of this margin.
	 */
	static final Duration END_MARGIN = Duration.ofSeconds(1);

	private final ShutdownEngine engine;

	private final String stage;

	/**
	 * Create the lifecycle of a stage, at the phase the engine's plan gives it.
	 * @param engine the engine whose run the stage belongs to
	 * @param stage the stage name
	 */
	public StageLifecycle(ShutdownEngine engine, String stage) {
		super(engine, phaseOf(engine, stage));
		this.engine = engine;
		this.stage = stage;
	}

	/**
	 * A stage left out of the plan for a configuration problem fails startup with that
	 * problem once every singleton exists; until then its lifecycle takes the first phase.
	 */
	private static int phaseOf(ShutdownEngine engine, String stage) {
		return engine.plan().stage(stage).map(StagePlan::phase).orElse(ShutdownPhases.FIRST_STAGE);
	}

	/**
	 * Run the stage as {@link #stop(Runnable)} does and wait for its end. Spring stops a
	 * {@code SmartLifecycle} with {@code stop(Runnable)} only: this serves a direct call.
	 */
	@Override
	public void stop() {
		CountDownLatch ended = new CountDownLatch(1);
		stop(ended::countDown);
		try {
			ended.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void stop(Runnable callback) {
		Optional<StageRecording> begun = beginStop() ? this.engine.beginStage(this.stage) : Optional.empty();
		if (begun.isEmpty()) {
			callback.run();
			return;
		}
		StageRecording recording = begun.get();
		this.engine.boundPhase(getPhase(), recording, END_MARGIN);
		Thread thread = new Thread(() -> {
			try {
				this.engine.runStage(recording);
			}
			finally {
				callback.run();
			}
		}, "orderly-shutdown-" + this.stage);
		thread.setDaemon(true);
		thread.start();
	}

	/**
	 * The stage this lifecycle runs.
	 * @return the stage name
	 */
	public String stage() {
		return this.stage;
	}

}

package dev.orderly.shutdown.internal.engine;

import java.util.function.IntSupplier;

import org.springframework.context.SmartLifecycle;

/**
 * Runs an action when Spring stops its lifecycle phase during a shutdown run. A plain
 * {@code context.stop()} (no run) leaves it running, so that the later close still runs it.
 */
public class ShutdownPhaseHook implements SmartLifecycle {

	private final ShutdownEngine engine;

	private final IntSupplier phase;

	private final Runnable action;

	private volatile boolean running;

	/**
	 * Create a hook.
	 * @param engine the engine whose run the action belongs to
	 * @param phase the lifecycle phase to run at
	 * @param action what to run
	 */
	public ShutdownPhaseHook(ShutdownEngine engine, int phase, Runnable action) {
		this(engine, () -> phase, action);
	}

	/**
	 * Create a hook whose phase is known only once every singleton exists, such as one that
	 * follows the report: Spring asks for a bean's phase when it starts and stops the beans.
	 * @param engine the engine whose run the action belongs to
	 * @param phase the lifecycle phase to run at, asked each time
	 * @param action what to run
	 */
	public ShutdownPhaseHook(ShutdownEngine engine, IntSupplier phase, Runnable action) {
		this.engine = engine;
		this.phase = phase;
		this.action = action;
	}

	/**
	 * Create a hook that overrides {@link #stop()} and {@link #stop(Runnable)} to do its work.
	 * @param engine the engine whose run the hook belongs to
	 * @param phase the lifecycle phase to run at
	 */
	ShutdownPhaseHook(ShutdownEngine engine, int phase) {
		this(engine, phase, () -> {
		});
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		if (beginStop()) {
			this.action.run();
		}
	}

	/**
	 * Whether a run is in progress, in which case the hook stops now. A hook stopping means
	 * Spring has finished the phase before it, which ends that phase's row in the report.
	 * @return whether to run the action
	 */
	final boolean beginStop() {
		if (this.engine.currentRun().isEmpty()) {
			return false;
		}
		this.engine.endLifecyclePhase();
		this.running = false;
		return true;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return this.phase.getAsInt();
	}

	@Override
	public boolean isPauseable() {
		return false;
	}

}

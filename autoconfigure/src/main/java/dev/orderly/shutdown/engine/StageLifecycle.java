package dev.orderly.shutdown.engine;

import org.springframework.context.SmartLifecycle;

/**
 * Runs one application stage when Spring stops its lifecycle phase. The stage runs on its
 * own thread so that other beans the user placed in the same phase stop concurrently, and
 * Spring's wait for the phase (set to the stage timeout) bounds them together.
 *
 * @since 0.1.0
 */
public final class StageLifecycle implements SmartLifecycle {

	private final ShutdownEngine engine;

	private final String stage;

	private final int phase;

	private volatile boolean running;

	public StageLifecycle(ShutdownEngine engine, String stage, int phase) {
		this.engine = engine;
		this.stage = stage;
		this.phase = phase;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		if (shouldRun()) {
			this.engine.runStage(this.stage);
		}
	}

	@Override
	public void stop(Runnable callback) {
		if (!shouldRun()) {
			callback.run();
			return;
		}
		Thread thread = new Thread(() -> {
			try {
				this.engine.runStage(this.stage);
			}
			finally {
				callback.run();
			}
		}, "orderly-shutdown-" + this.stage);
		thread.setDaemon(true);
		thread.start();
	}

	/**
	 * Stages run only as part of a shutdown. A plain {@code context.stop()} leaves them
	 * running, so that the later close still runs them.
	 */
	private boolean shouldRun() {
		if (this.engine.currentRun().isEmpty()) {
			return false;
		}
		this.running = false;
		return true;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

	@Override
	public boolean isPauseable() {
		return false;
	}

	/**
	 * The stage this lifecycle runs.
	 * @return the stage name
	 */
	public String stage() {
		return this.stage;
	}

}

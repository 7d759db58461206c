package dev.orderly.shutdown.engine;

/**
 * Runs one application stage when Spring stops its lifecycle phase. The stage runs on its
 * own thread so that other beans the user placed in the same phase stop concurrently, and
 * Spring's wait for the phase (set to the stage timeout) bounds them together.
 *
 * @since 0.1.0
 */
public final class StageLifecycle extends ShutdownPhaseHook {

	private final String stage;

	public StageLifecycle(ShutdownEngine engine, String stage, int phase) {
		super(engine, phase, () -> engine.runStage(stage));
		this.stage = stage;
	}

	@Override
	public void stop(Runnable callback) {
		if (!beginStop()) {
			callback.run();
			return;
		}
		Thread thread = new Thread(() -> {
			try {
				action().run();
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

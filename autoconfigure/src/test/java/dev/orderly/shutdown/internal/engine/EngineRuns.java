package dev.orderly.shutdown.internal.engine;

import dev.orderly.shutdown.ShutdownTrigger;

/**
 * Lets tests in other packages begin a run without closing the context, which the engine
 * keeps to its own package.
 */
public final class EngineRuns {

	private EngineRuns() {
	}

	/**
	 * Begin the engine's run, or join the one begun.
	 * @param engine the engine
	 * @param trigger what triggers the run
	 * @return the run
	 */
	public static ShutdownRun begin(ShutdownEngine engine, ShutdownTrigger trigger) {
		return engine.begin(trigger, null);
	}

}

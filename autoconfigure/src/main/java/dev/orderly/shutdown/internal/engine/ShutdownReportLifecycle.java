package dev.orderly.shutdown.internal.engine;

/**
 * Finishes the run just after the last application stage, so the report is complete and
 * delivered before bean destruction closes loggers, registries and exporters.
 */
public final class ShutdownReportLifecycle extends ShutdownPhaseHook {

	public ShutdownReportLifecycle(ShutdownEngine engine, int phase) {
		super(engine, phase, engine::finish);
	}

}

package dev.orderly.shutdown.internal.engine;

/**
 * Finishes the run just after the last lifecycle phase the report covers (see
 * {@link ShutdownEngine#reportPhase()}), so the report is complete and delivered before the
 * lowest phases and bean destruction close loggers, registries and exporters.
 */
public final class ShutdownReportLifecycle extends ShutdownPhaseHook {

	public ShutdownReportLifecycle(ShutdownEngine engine) {
		super(engine, engine::reportPhase, engine::finish);
	}

	/**
	 * A hook that runs just after the report, such as closing the meter registries it is
	 * recorded in.
	 * @param engine the engine whose run the action belongs to
	 * @param action what to run
	 * @return the hook, to register as a bean
	 */
	public static ShutdownPhaseHook justAfter(ShutdownEngine engine, Runnable action) {
		return new ShutdownPhaseHook(engine, () -> engine.reportPhase() - 1, action);
	}

}

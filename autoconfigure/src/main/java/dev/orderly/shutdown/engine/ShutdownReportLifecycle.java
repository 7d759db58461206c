package dev.orderly.shutdown.engine;

import org.springframework.context.SmartLifecycle;

/**
 * Finishes the run just after the last application stage, so the report is complete and
 * delivered before bean destruction closes loggers, registries and exporters.
 *
 * @since 0.1.0
 */
public final class ShutdownReportLifecycle implements SmartLifecycle {

	private final ShutdownEngine engine;

	private final int phase;

	private volatile boolean running;

	public ShutdownReportLifecycle(ShutdownEngine engine, int phase) {
		this.engine = engine;
		this.phase = phase;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		if (this.engine.currentRun().isPresent()) {
			this.running = false;
			this.engine.finish();
		}
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

}

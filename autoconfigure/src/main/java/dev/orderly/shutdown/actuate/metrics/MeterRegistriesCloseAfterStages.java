package dev.orderly.shutdown.actuate.metrics;

import dev.orderly.shutdown.engine.ShutdownEngine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Closes the meter registries right after the run's report, instead of when the context
 * starts closing as Spring Boot does: closing publishes a push registry's last values, which
 * must include what the stages recorded. Spring's executors still run at this phase.
 *
 * @since 0.1.0
 */
public class MeterRegistriesCloseAfterStages implements SmartLifecycle {

	private final ShutdownEngine engine;

	private final ListableBeanFactory beanFactory;

	private final int phase;

	private final boolean useGlobalRegistry;

	private volatile boolean running;

	public MeterRegistriesCloseAfterStages(ShutdownEngine engine, ListableBeanFactory beanFactory, int phase,
			boolean useGlobalRegistry) {
		this.engine = engine;
		this.beanFactory = beanFactory;
		this.phase = phase;
		this.useGlobalRegistry = useGlobalRegistry;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		if (this.engine.currentRun().isEmpty()) {
			return; // a plain context.stop(): the registries live on
		}
		this.running = false;
		for (MeterRegistry registry : this.beanFactory.getBeansOfType(MeterRegistry.class, false, false).values()) {
			if (this.useGlobalRegistry) {
				Metrics.globalRegistry.remove(registry);
			}
			if (!registry.isClosed()) {
				registry.close();
			}
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

}

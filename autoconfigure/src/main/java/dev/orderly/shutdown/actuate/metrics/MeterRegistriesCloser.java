package dev.orderly.shutdown.actuate.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

import org.springframework.beans.factory.ListableBeanFactory;

/**
 * Closes the meter registries right after the run's report (at a
 * {@link dev.orderly.shutdown.engine.ShutdownPhaseHook}), instead of when the context starts
 * closing as Spring Boot does: closing publishes a push registry's last values, which must
 * include what the stages recorded. Spring's executors still run at that phase.
 *
 * @since 0.1.0
 */
public class MeterRegistriesCloser {

	private final ListableBeanFactory beanFactory;

	private final boolean useGlobalRegistry;

	public MeterRegistriesCloser(ListableBeanFactory beanFactory, boolean useGlobalRegistry) {
		this.beanFactory = beanFactory;
		this.useGlobalRegistry = useGlobalRegistry;
	}

	/**
	 * Close every meter registry of the application.
	 */
	public void close() {
		for (MeterRegistry registry : this.beanFactory.getBeansOfType(MeterRegistry.class, false, false).values()) {
			if (this.useGlobalRegistry) {
				Metrics.globalRegistry.remove(registry);
			}
			if (!registry.isClosed()) {
				registry.close();
			}
		}
	}

}

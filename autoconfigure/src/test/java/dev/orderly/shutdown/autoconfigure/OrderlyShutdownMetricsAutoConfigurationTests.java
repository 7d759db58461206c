package dev.orderly.shutdown.autoconfigure;

import dev.orderly.shutdown.internal.actuate.metrics.DeferredContextClosedListeners;
import dev.orderly.shutdown.internal.actuate.metrics.ShutdownRequestMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static dev.orderly.shutdown.autoconfigure.RecordedShutdown.closeAndAssertStagesRan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request meters of servlet web applications, and Spring Boot's meter registries closed
 * after the report (so that push registries export the shutdown's own meters).
 */
class OrderlyShutdownMetricsAutoConfigurationTests {

	private final WebApplicationContextRunner servletRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				OrderlyShutdownAutoConfiguration.class, OrderlyShutdownMetricsAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
		.withPropertyValues("orderly.shutdown.drain.quiet-period=100ms");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				OrderlyShutdownAutoConfiguration.class, OrderlyShutdownMetricsAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new);

	@Test
	void servletWebApplicationsPublishTheirRequestsInFlightToTheRegistry() {
		this.servletRunner.run((context) -> {
			assertThat(context).hasSingleBean(ShutdownRequestMetrics.class);
			assertThat(context.getBean(MeterRegistry.class).find(ShutdownRequestMetrics.ACTIVE).gauge()).isNotNull()
				.satisfies((active) -> assertThat(active.value()).isZero());
		});
	}

	@Test
	void reactiveWebApplicationsPublishTheirRequestsInFlightToTheRegistryToo() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					OrderlyShutdownAutoConfiguration.class, OrderlyShutdownMetricsAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> {
				assertThat(context).hasSingleBean(ShutdownRequestMetrics.class);
				assertThat(context.getBean(MeterRegistry.class).find(ShutdownRequestMetrics.ACTIVE).gauge())
					.isNotNull();
			});
	}

	@Test
	void nonWebApplicationsHaveNoRequestMeters() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(ShutdownRequestMetrics.class);
			assertThat(context.getBean(MeterRegistry.class).find(ShutdownRequestMetrics.ACTIVE).gauge()).isNull();
		});
	}

	@Test
	void withSpringBootsMetricsTheRegistryIsClosedOnlyOnceTheShutdownHasRun() {
		this.runner.with(RecordedShutdown::recorded).run((context) -> {
			assertThat(context).hasSingleBean(DeferredContextClosedListeners.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			closeAndAssertStagesRan(context, "consumers", "flush", "release");
			assertThat(registry.isClosed()).isTrue();
		});
	}

	@Test
	void withoutSpringBootsMetricsAutoConfigurationNothingIsDeferred() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class,
					OrderlyShutdownMetricsAutoConfiguration.class))
			.with(RecordedShutdown::recorded)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(DeferredContextClosedListeners.class);
				closeAndAssertStagesRan(context, "consumers", "flush", "release");
			});
	}

	@Test
	void whenDisabledThenNeitherRequestMetersNorDeferredClosing() {
		this.servletRunner.withPropertyValues("orderly.shutdown.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(ShutdownRequestMetrics.class)
				.doesNotHaveBean(DeferredContextClosedListeners.class);
			assertThat(context.getBean(MeterRegistry.class).find(ShutdownRequestMetrics.ACTIVE).gauge()).isNull();
		});
	}

	@Test
	void withoutMicrometerAServletApplicationDrainsAndRunsItsStagesWithoutMeters() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class,
					OrderlyShutdownMetricsAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
			.withPropertyValues("orderly.shutdown.drain.quiet-period=100ms")
			.with(RecordedShutdown::recorded)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ShutdownRequestMetrics.class)
					.doesNotHaveBean(DeferredContextClosedListeners.class);
				closeAndAssertStagesRan(context, "drain", "web", "consumers", "flush", "release");
			});
	}

}

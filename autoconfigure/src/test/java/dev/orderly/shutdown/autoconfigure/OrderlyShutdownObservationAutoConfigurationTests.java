package dev.orderly.shutdown.autoconfigure;

import dev.orderly.shutdown.internal.actuate.observation.ShutdownObservations;
import dev.orderly.shutdown.observation.ShutdownObservationDocumentation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.orderly.shutdown.autoconfigure.RecordedShutdown.closeAndAssertStagesRan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shutdown's observations: made only where the application has an
 * {@link ObservationRegistry}, which Spring Boot turns into timers and spans.
 */
class OrderlyShutdownObservationAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class,
				OrderlyShutdownObservationAutoConfiguration.class));

	@Test
	void withAnObservationRegistryTheRunIsObservedUntilItEnds() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		this.runner.withBean(ObservationRegistry.class, () -> registry)
			.with(RecordedShutdown::recorded)
			.run((context) -> {
				assertThat(context).hasSingleBean(ShutdownObservations.class);
				closeAndAssertStagesRan(context, "consumers", "flush", "release");
			});
		TestObservationRegistryAssert.assertThat(registry)
			.hasObservationWithNameEqualTo(ShutdownObservationDocumentation.SHUTDOWN.getName())
			.that()
			.hasBeenStarted()
			.hasBeenStopped();
	}

	@Test
	void withoutAnObservationRegistryThereAreNoObservations() {
		this.runner.with(RecordedShutdown::recorded).run((context) -> {
			assertThat(context).doesNotHaveBean(ShutdownObservations.class);
			closeAndAssertStagesRan(context, "consumers", "flush", "release");
		});
	}

	@Test
	void whenUserDefinesShutdownObservationsThenTheAutoConfiguredOneBacksOff() {
		ShutdownObservations own = new ShutdownObservations(ObservationRegistry.NOOP, null, null, null);
		this.runner.withBean(ObservationRegistry.class, TestObservationRegistry::create)
			.withBean("ownObservations", ShutdownObservations.class, () -> own)
			.run((context) -> assertThat(context).getBean(ShutdownObservations.class).isSameAs(own));
	}

	@Test
	void whenDisabledThenThereAreNoObservations() {
		this.runner.withBean(ObservationRegistry.class, TestObservationRegistry::create)
			.withPropertyValues("orderly.shutdown.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ShutdownObservations.class));
	}

	@Test
	void withoutMicrometerObservationTheShutdownRunsUnobserved() {
		this.runner.withClassLoader(new FilteredClassLoader("io.micrometer.observation"))
			.with(RecordedShutdown::recorded)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ShutdownObservations.class);
				closeAndAssertStagesRan(context, "consumers", "flush", "release");
			});
	}

}

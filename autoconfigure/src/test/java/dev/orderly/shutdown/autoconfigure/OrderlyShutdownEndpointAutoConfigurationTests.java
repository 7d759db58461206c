package dev.orderly.shutdown.autoconfigure;

import dev.orderly.shutdown.internal.actuate.endpoint.OrderlyShutdownEndpoint;
import dev.orderly.shutdown.internal.actuate.endpoint.OrderlyShutdownJmxExtension;
import dev.orderly.shutdown.internal.actuate.endpoint.OrderlyShutdownWebExtension;
import dev.orderly.shutdown.internal.actuate.endpoint.PlanDescriptor;
import dev.orderly.shutdown.internal.actuate.endpoint.ShutdownStagesEndpoint;
import dev.orderly.shutdown.internal.cleanup.BeanCleanup;
import dev.orderly.shutdown.internal.engine.ShutdownEngine;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.context.ShutdownEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.ShutdownEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.orderly.shutdown.autoconfigure.RecordedShutdown.closeAndAssertStagesRan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which endpoint beans exist: {@code shutdownstages}, and the staged shutdown endpoint with
 * its web and JMX operations in place of Spring Boot's, or the application's own endpoint
 * untouched; none without the actuator.
 */
class OrderlyShutdownEndpointAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class,
				OrderlyShutdownEndpointAutoConfiguration.class, ShutdownEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoint.shutdown.access=UNRESTRICTED",
				"management.endpoints.web.exposure.include=shutdown,shutdownstages");

	@Test
	void whenExposedThenTheShutdownStagesEndpointDescribesThePlan() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ShutdownStagesEndpoint.class);
			assertThat(context.getBean(ShutdownStagesEndpoint.class).stages().plan().stages())
				.extracting(PlanDescriptor.Stage::stage)
				.containsExactly("consumers", "flush", "release");
		});
	}

	@Test
	void whenNotExposedThenThereAreNoStagedEndpointsAndSpringBootsShutdownEndpointIsNotCreated() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class,
					OrderlyShutdownEndpointAutoConfiguration.class, ShutdownEndpointAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ShutdownStagesEndpoint.class)
				.doesNotHaveBean(ShutdownEndpoint.class));
	}

	@Test
	void whenDisabledThenSpringBootsOwnShutdownEndpointStaysInPlace() {
		this.runner.withPropertyValues("orderly.shutdown.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(ShutdownEndpoint.class)
				.doesNotHaveBean(OrderlyShutdownEndpoint.class)
				.doesNotHaveBean(OrderlyShutdownWebExtension.class)
				.doesNotHaveBean(OrderlyShutdownJmxExtension.class)
				.doesNotHaveBean(ShutdownStagesEndpoint.class));
	}

	@Test
	void whenUserDefinesShutdownStagesEndpointThenTheAutoConfiguredOneBacksOff() {
		this.runner
			.withBean("ownStagesEndpoint", ShutdownStagesEndpoint.class,
					() -> new ShutdownStagesEndpoint(null, () -> null))
			.run((context) -> assertThat(context).getBean(ShutdownStagesEndpoint.class)
				.isSameAs(context.getBean("ownStagesEndpoint")));
	}

	@Test
	void withoutTheActuatorTheShutdownRunsWithoutEndpoints() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class,
					OrderlyShutdownEndpointAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.withPropertyValues("management.endpoint.shutdown.access=UNRESTRICTED",
					"management.endpoints.web.exposure.include=*")
			.with(RecordedShutdown::recorded)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ShutdownStagesEndpoint.class)
					.doesNotHaveBean(OrderlyShutdownEndpoint.class)
					.doesNotHaveBean(OrderlyShutdownWebExtension.class)
					.doesNotHaveBean(OrderlyShutdownJmxExtension.class);
				closeAndAssertStagesRan(context, "consumers", "flush", "release");
			});
	}

	@Test
	void withoutSpringBootsShutdownEndpointOnlyTheStagesEndpointIsConfigured() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class,
					OrderlyShutdownEndpointAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(ShutdownEndpoint.class))
			.withPropertyValues("management.endpoints.web.exposure.include=*")
			.run((context) -> assertThat(context).hasSingleBean(ShutdownStagesEndpoint.class)
				.doesNotHaveBean(OrderlyShutdownEndpoint.class)
				.doesNotHaveBean(OrderlyShutdownWebExtension.class)
				.doesNotHaveBean(OrderlyShutdownJmxExtension.class));
	}

	@Test
	void theStagedEndpointReplacesSpringBootsWithAnOperationPerTransport() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(ShutdownEndpoint.class)
			.hasSingleBean(OrderlyShutdownEndpoint.class)
			.hasSingleBean(OrderlyShutdownWebExtension.class)
			.hasSingleBean(OrderlyShutdownJmxExtension.class));
	}

	@Test
	void theShutdownOperationsAreNotMistakenForCleanupThatBeanDestructionWouldRun() {
		// Spring infers a public shutdown() as a destroy method
		this.runner.run((context) -> assertThat(context.getBean(ShutdownEngine.class).untimedCleanup())
			.extracting(BeanCleanup::beanName)
			.isEmpty());
	}

	@Test
	void anApplicationsOwnShutdownEndpointGetsNoneOfTheStagedOperations() {
		this.runner.withBean(ShutdownEndpoint.class, ShutdownEndpoint::new)
			.run((context) -> assertThat(context).hasSingleBean(ShutdownEndpoint.class)
				.doesNotHaveBean(OrderlyShutdownEndpoint.class)
				.doesNotHaveBean(OrderlyShutdownWebExtension.class)
				.doesNotHaveBean(OrderlyShutdownJmxExtension.class));
	}

}

package dev.orderly.shutdown.autoconfigure;

import dev.orderly.shutdown.actuate.endpoint.OrderlyShutdownEndpoint;
import dev.orderly.shutdown.actuate.endpoint.OrderlyShutdownJmxExtension;
import dev.orderly.shutdown.actuate.endpoint.OrderlyShutdownWebExtension;
import dev.orderly.shutdown.cleanup.BeanCleanup;
import dev.orderly.shutdown.engine.ShutdownEngine;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.context.ShutdownEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.ShutdownEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which shutdown endpoint beans exist: the staged endpoint with its web and JMX operations in
 * place of Spring Boot's, or the application's own endpoint untouched.
 */
class OrderlyShutdownEndpointAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class,
				OrderlyShutdownEndpointAutoConfiguration.class, ShutdownEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoint.shutdown.access=UNRESTRICTED",
				"management.endpoints.web.exposure.include=shutdown");

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

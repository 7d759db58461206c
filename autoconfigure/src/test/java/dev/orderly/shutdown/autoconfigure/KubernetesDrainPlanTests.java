package dev.orderly.shutdown.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static dev.orderly.shutdown.autoconfigure.ShutdownConfigurationFailures.analysis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * On Kubernetes the drain waits at least 3 s by default; startup checks the drain with that
 * default, as it will run, rather than with an unset min delay.
 */
class KubernetesDrainPlanTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class))
		.withPropertyValues("spring.main.cloud-platform=kubernetes");

	@Test
	void aMaxDelayBelowTheDefaultMinDelayOnKubernetesFailsStartupNamingBoth() {
		this.runner.withPropertyValues("orderly.shutdown.drain.max-delay=2s")
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("orderly.shutdown.drain.max-delay is 2 s, shorter than orderly.shutdown.drain.min-delay "
						+ "(default 3 s on Kubernetes)")
				.contains("Fix: Set orderly.shutdown.drain.max-delay to at least 3s, or set "
						+ "orderly.shutdown.drain.min-delay."));
	}

	@Test
	void aMaxDelayBelowThreeSecondsStartsWhenTheMinDelayIsSetBelowIt() {
		this.runner.withPropertyValues("orderly.shutdown.drain.max-delay=2s", "orderly.shutdown.drain.min-delay=1s")
			.run((context) -> assertThat(context).hasNotFailed());
	}

}

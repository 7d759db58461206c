package dev.orderly.shutdown.autoconfigure;

import java.time.Duration;

import dev.orderly.shutdown.autoconfigure.OrderlyShutdownProperties.Drain;
import dev.orderly.shutdown.web.DrainSettings;
import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class DrainSettingsTests {

	@Test
	void minDelayDefaultsToZeroOffKubernetes() {
		DrainSettings settings = ServletDrainConfiguration.drainSettings(new Drain(), new MockEnvironment());
		assertThat(settings).isEqualTo(new DrainSettings(Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(5)));
	}

	@Test
	void minDelayDefaultsToThreeSecondsOnKubernetesForEndpointPropagation() {
		MockEnvironment kubernetes = new MockEnvironment().withProperty("spring.main.cloud-platform", "kubernetes");
		assertThat(ServletDrainConfiguration.drainSettings(new Drain(), kubernetes).minDelay())
			.isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void explicitMinDelayWinsOnKubernetes() {
		Drain drain = new Drain();
		drain.setMinDelay(Duration.ofMillis(500));
		MockEnvironment kubernetes = new MockEnvironment().withProperty("spring.main.cloud-platform", "kubernetes");
		assertThat(ServletDrainConfiguration.drainSettings(drain, kubernetes).minDelay())
			.isEqualTo(Duration.ofMillis(500));
	}

}

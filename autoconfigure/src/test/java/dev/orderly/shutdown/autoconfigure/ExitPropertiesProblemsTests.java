package dev.orderly.shutdown.autoconfigure;

import dev.orderly.shutdown.internal.exit.ExitWatchdog;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.orderly.shutdown.autoconfigure.ShutdownConfigurationFailures.analysis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A halt time that would cut the starter's own stages, or come after the platform's
 * SIGKILL, fails startup naming the property and the fix.
 */
class ExitPropertiesProblemsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class));

	@Test
	void aHaltTimeShorterThanTheBudgetFailsStartupAndAsksForAtLeastTheBudget() {
		this.runner.withPropertyValues("orderly.shutdown.exit.halt-after=3s")
			.run((context) -> assertThat(analysis(context).getDescription()).contains(
					"orderly.shutdown.exit.halt-after is 3 s, shorter than the budget 30 s: it would halt the JVM "
							+ "while the shutdown's stages may still run\n"
							+ "    Fix: Set it to at least 30s (orderly.shutdown.budget), and less than the termination "
							+ "grace period; or remove it never to halt."));
	}

	@Test
	void aHaltTimeNotBeforeTheGracePeriodFailsStartupAndSuggestsOneBeforeIt() {
		this.runner
			.withPropertyValues("orderly.shutdown.exit.halt-after=35s", "orderly.shutdown.termination-grace-period=35s")
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("orderly.shutdown.exit.halt-after is 35 s, not less than "
						+ "orderly.shutdown.termination-grace-period 35 s: the platform's SIGKILL would end the "
						+ "process first and cut its record short\n"
						+ "    Fix: Set orderly.shutdown.exit.halt-after to less than it, such as 34s."));
	}

	@Test
	void onKubernetesWithoutAGracePeriodTheHaltTimeMustComeBeforeKubernetesDefault() {
		this.runner
			.withPropertyValues("spring.main.cloud-platform=kubernetes", "orderly.shutdown.budget=20s",
					"orderly.shutdown.exit.halt-after=30s")
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("orderly.shutdown.exit.halt-after is 30 s, not less than Kubernetes' default termination "
						+ "grace period 30 s (orderly.shutdown.termination-grace-period is not set)")
				.contains("Fix: Set orderly.shutdown.termination-grace-period to the pod's "
						+ "terminationGracePeriodSeconds, and set orderly.shutdown.exit.halt-after to less than it, "
						+ "such as 29s."));
	}

	@Test
	void aNegativeThreadReportDelayFailsStartup() {
		this.runner.withPropertyValues("orderly.shutdown.exit.thread-report-delay=-1s")
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("orderly.shutdown.exit.thread-report-delay is -1 s, which is negative\n"
						+ "    Fix: Set zero or a positive duration such as 2s."));
	}

	@Test
	void aHaltTimeBetweenTheBudgetAndTheGracePeriodStarts() {
		this.runner
			.withPropertyValues("orderly.shutdown.exit.halt-after=32s", "orderly.shutdown.termination-grace-period=35s")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(ExitWatchdog.class));
	}

}

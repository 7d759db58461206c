package dev.orderly.shutdown.autoconfigure;

import dev.orderly.shutdown.internal.plan.ShutdownPlan;
import dev.orderly.shutdown.internal.plan.StagePlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static dev.orderly.shutdown.autoconfigure.ShutdownConfigurationFailures.analysis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Settings of the drain's end rule that contradict each other fail startup, naming the
 * properties and the fix; a configuration that worked before the rule adapted still starts.
 */
@ExtendWith(OutputCaptureExtension.class)
class DrainQuietRuleProblemsTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class));

	@Test
	void aMinQuietPeriodAboveTheQuietPeriodFailsStartupNamingBoth() {
		this.runner
			.withPropertyValues("orderly.shutdown.drain.min-quiet-period=2s", "orderly.shutdown.drain.quiet-period=1s")
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("orderly.shutdown.drain.min-quiet-period is 2 s, longer than "
						+ "orderly.shutdown.drain.quiet-period (1 s), the most the drain waits for silence")
				.contains("Fix: Set orderly.shutdown.drain.min-quiet-period to at most 1s (equal to "
						+ "orderly.shutdown.drain.quiet-period, the drain always waits the full quiet period), or "
						+ "raise orderly.shutdown.drain.quiet-period."));
	}

	@Test
	void aZeroOrNegativeMinQuietPeriodFailsStartup() {
		for (String value : new String[] { "0s", "-100ms" }) {
			this.runner.withPropertyValues("orderly.shutdown.drain.min-quiet-period=" + value)
				.run((context) -> assertThat(analysis(context).getDescription())
					.contains("orderly.shutdown.drain.min-quiet-period is ")
					.contains(", which is not positive")
					.contains("Fix: Set a positive duration such as 100ms"));
		}
	}

	@Test
	void aBalancerFailureThresholdBelowOneFailsStartup() {
		this.runner.withPropertyValues("orderly.shutdown.drain.balancer-failure-threshold=0")
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("orderly.shutdown.drain.balancer-failure-threshold is 0, but a load balancer stops routing "
						+ "only after at least one failed readiness check")
				.contains("HAProxy 'fall', Kubernetes readiness 'failureThreshold'"));
	}

	@Test
	void aMinDelayAboveTheMaxDelayFailsStartupNamingBoth() {
		this.runner.withPropertyValues("orderly.shutdown.drain.min-delay=6s", "orderly.shutdown.drain.max-delay=5s")
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("orderly.shutdown.drain.max-delay is 5 s, shorter than orderly.shutdown.drain.min-delay "
						+ "(6 s)")
				.contains("Fix: Set orderly.shutdown.drain.max-delay to at least 6s."));
	}

	@Test
	void aQuietPeriodShorterThanTheDefaultFloorStillStartsAndStaysFixed() {
		this.runner.withPropertyValues("orderly.shutdown.drain.quiet-period=50ms").run((context) -> {
			assertThat(context).hasNotFailed();
			StagePlan.Drain drain = (StagePlan.Drain) context.getBean(ShutdownPlan.class)
				.stage(StagePlan.DRAIN)
				.orElseThrow();
			assertThat(drain.minQuietPeriod()).isEqualTo(drain.quietPeriod());
		});
	}

	@Test
	void aQuietPeriodAboveTheMaxDelayStartsWithAWarning(CapturedOutput output) {
		this.runner
			.withPropertyValues("orderly.shutdown.drain.quiet-period=8s", "orderly.shutdown.drain.max-delay=5s",
					"orderly.shutdown.budget=40s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("orderly.shutdown.drain.quiet-period (8 s) is longer than "
						+ "orderly.shutdown.drain.max-delay (5 s): a drain that sees too few requests to adapt its "
						+ "quiet period runs to max-delay.");
			});
	}

	@Test
	void theDefaultsStartWithoutAWarning(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).doesNotContain("is longer than orderly.shutdown.drain.max-delay");
		});
	}

}

package dev.orderly.shutdown.autoconfigure;

import java.time.Duration;

import dev.orderly.shutdown.internal.plan.ShutdownPlan;
import dev.orderly.shutdown.internal.plan.StagePlan;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static dev.orderly.shutdown.autoconfigure.ShutdownConfigurationFailures.analysis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the web stage's timeout comes from when the user has bounded Spring Boot's graceful
 * shutdown with {@code spring.lifecycle.timeout-per-shutdown-phase}: never a silent change.
 */
class WebStageTimeoutPlanTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class));

	@Test
	void withoutEitherPropertyTheWebStageHasItsDefaultTimeout() {
		this.runner.run((context) -> {
			StagePlan web = web(context.getBean(ShutdownPlan.class));
			assertThat(web.timeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(web.hasTimeoutFromElsewhere()).isFalse();
		});
	}

	@Test
	void theUsersTimeoutPerShutdownPhaseBecomesTheWebStageTimeout() {
		this.runner.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=20s", "orderly.shutdown.budget=40s")
			.run((context) -> {
				ShutdownPlan plan = context.getBean(ShutdownPlan.class);
				assertThat(web(plan).timeout()).isEqualTo(Duration.ofSeconds(20));
				assertThat(web(plan).timeoutSource()).isEqualTo("spring.lifecycle.timeout-per-shutdown-phase");
				// drain 5 s + web 20 s + 3 x 5 s
				assertThat(plan.plannedTime()).isEqualTo(Duration.ofSeconds(40));
			});
	}

	@Test
	void theUsersTimeoutPerShutdownPhaseThatDoesNotFitTheBudgetFailsStartupNamingBothProperties() {
		this.runner.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=60s").run((context) -> {
			FailureAnalysis analysis = analysis(context);
			assertThat(analysis.getDescription()).contains("orderly.shutdown.budget is 30 s, less than the 80 s "
					+ "the stages may take (drain 5 s + web 60 s from spring.lifecycle.timeout-per-shutdown-phase + "
					+ "consumers 5 s + flush 5 s + release 5 s)");
			// each problem is followed by its own fix
			assertThat(analysis.getDescription()).contains("Raise orderly.shutdown.budget to at least 80s",
					"lower spring.lifecycle.timeout-per-shutdown-phase, or set orderly.shutdown.web.timeout");
		});
	}

	@Test
	void theWebStageTimeoutTakesPrecedenceWhenBothAreSetAndThePlanSaysSo() {
		this.runner
			.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=60s",
					"orderly.shutdown.web.timeout=10s")
			.run((context) -> {
				StagePlan web = web(context.getBean(ShutdownPlan.class));
				assertThat(web.timeout()).isEqualTo(Duration.ofSeconds(10));
				assertThat(web.timeoutSource()).isEqualTo(
						"orderly.shutdown.web.timeout, over spring.lifecycle.timeout-per-shutdown-phase 60 s");
			});
	}

	@Test
	void aTimeoutPerShutdownPhaseThatIsNotPositiveFailsStartupNamingIt() {
		this.runner.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=0s")
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("spring.lifecycle.timeout-per-shutdown-phase is 0 ms, which is not positive; it is the web "
						+ "stage's timeout unless orderly.shutdown.web.timeout is set"));
	}

	@Test
	void aNonWebApplicationHasNoWebStageAndLeavesTheTimeoutPerShutdownPhaseToSpringBoot() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class))
			.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=0s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(ShutdownPlan.class).stage("web")).isEmpty();
			});
	}

	private static StagePlan web(ShutdownPlan plan) {
		return plan.stage("web").orElseThrow();
	}

}

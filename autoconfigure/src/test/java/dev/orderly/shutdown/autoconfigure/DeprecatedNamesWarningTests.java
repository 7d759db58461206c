package dev.orderly.shutdown.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static dev.orderly.shutdown.autoconfigure.ShutdownConfigurationFailures.analysis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deprecated property name still works, and startup says, once per name, which name
 * replaces it. Set to the same value under both names (as spring-boot-properties-migrator
 * does) it starts; set to different values it fails.
 */
@ExtendWith(OutputCaptureExtension.class)
class DeprecatedNamesWarningTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class));

	@Test
	void whenTheOldBudgetNameIsUsedThenStartupWarnsOnceWithTheNewName(CapturedOutput output) {
		this.runner.withPropertyValues("orderly.shutdown.timeout=40s").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output.getOut().split("orderly.shutdown.timeout is deprecated; use orderly.shutdown.budget",
					-1))
				.hasSize(2);
			assertThat(output).doesNotContain("orderly.shutdown.stages.web.timeout is deprecated");
		});
	}

	@Test
	void whenTheOldWebTimeoutNameIsUsedThenStartupWarnsWithTheNewName(CapturedOutput output) {
		this.runner.withPropertyValues("orderly.shutdown.stages.web.timeout=8s")
			.run((context) -> assertThat(output)
				.contains("orderly.shutdown.stages.web.timeout is deprecated; use orderly.shutdown.web.timeout"));
	}

	@Test
	void whenOnlyTheNewNamesAreUsedThenNothingIsDeprecated(CapturedOutput output) {
		this.runner.withPropertyValues("orderly.shutdown.budget=40s", "orderly.shutdown.web.timeout=8s")
			.run((context) -> assertThat(output).doesNotContain("is deprecated"));
	}

	@Test
	void whenBothNamesHoldTheSameValueThenStartupWarnsAndStarts(CapturedOutput output) {
		this.runner.withPropertyValues("orderly.shutdown.timeout=40s", "orderly.shutdown.budget=40s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("orderly.shutdown.timeout is deprecated; use orderly.shutdown.budget");
			});
	}

	@Test
	void whenBothNamesHoldDifferentValuesThenStartupFailsNamingBoth() {
		this.runner.withPropertyValues("orderly.shutdown.timeout=40s", "orderly.shutdown.budget=20s")
			.run((context) -> assertThat(analysis(context).getDescription()).contains(
					"orderly.shutdown.budget is 20 s, and its deprecated old name orderly.shutdown.timeout is 40 s",
					"Fix: Remove orderly.shutdown.timeout and keep orderly.shutdown.budget."));
	}

}

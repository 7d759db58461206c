package dev.orderly.shutdown.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.orderly.shutdown.ShutdownConfigurationException.Problem;
import dev.orderly.shutdown.autoconfigure.ShutdownPlanFactory.PlatformSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review finding: the drain's delay problems. Off Kubernetes, a negative max delay is
 * reported twice, once as "shorter than drain.min-delay (default 0 ms on Kubernetes)",
 * which is wrong off Kubernetes; on Kubernetes the fix names the property without its
 * prefix and suggests "3 s", which is not a duration Spring Boot can bind.
 */
class DrainDelayProblemsTests {

	private final OrderlyShutdownProperties properties = new OrderlyShutdownProperties();

	private final List<Problem> problems = new ArrayList<>();

	@Test
	void aNegativeMaxDelayOffKubernetesIsOneProblemThatDoesNotMentionKubernetes() {
		this.properties.getDrain().setMaxDelay(Duration.ofSeconds(-1));
		ShutdownPlanFactory.create(this.properties, WebStack.SERVLET, new PlatformSettings(false, null),
				this.problems);
		assertThat(this.problems).singleElement()
			.satisfies((problem) -> assertThat(problem.description()).doesNotContain("Kubernetes"));
	}

	@Test
	void theFixForAMaxDelayUnderKubernetesMinDelayNamesFullPropertiesAndABindableValue() {
		this.properties.getDrain().setMaxDelay(Duration.ofSeconds(2));
		ShutdownPlanFactory.create(this.properties, WebStack.SERVLET, new PlatformSettings(true, null),
				this.problems);
		assertThat(this.problems).singleElement().satisfies((problem) -> {
			assertThat(problem.action()).contains("orderly.shutdown.drain.max-delay").contains("3s");
			assertThat(problem.description()).doesNotContain(") 3 s");
		});
	}

}

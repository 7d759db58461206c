package dev.orderly.shutdown.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.orderly.shutdown.ShutdownConfigurationException.Problem;
import dev.orderly.shutdown.autoconfigure.OrderlyShutdownProperties.Stage;
import dev.orderly.shutdown.autoconfigure.ShutdownPlanFactory.PlatformSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review finding: in an AOT-processed application, a typo'd stage name
 * ({@code orderly.shutdown.stages.flsuh.timeout=3s}) is reported twice: once as the typo
 * (right) and once as "the application was processed ahead of time with the stages ...;
 * Re-run AOT processing", which sends the user to rebuild for a change that is only a typo.
 * The two checks run together as in {@code OrderlyShutdownAutoConfiguration#orderlyShutdownPlan}.
 * Reproduce on the sample:
 * {@code java -Dspring.aot.enabled=true -jar sample-app/target/*.jar --orderly.shutdown.stages.flsuh.timeout=3s}.
 */
class AotStageCheckWithTypoTests {

	@Test
	void aTypoInAnAotProcessedApplicationIsOneProblemNotAlsoARebuild() {
		OrderlyShutdownProperties properties = new OrderlyShutdownProperties();
		Stage typo = new Stage();
		typo.setTimeout(Duration.ofSeconds(3));
		properties.getStages().put("flsuh", typo);
		List<Problem> found = new ArrayList<>();
		String[] processedWith = { "orderlyShutdownStage.consumers", "orderlyShutdownStage.flush",
				"orderlyShutdownStage.release" };
		OrderlyShutdownAutoConfiguration.plan(properties, WebStack.NONE, new PlatformSettings(false, null),
				processedWith, found);
		assertThat(found).singleElement()
			.extracting(Problem::subject)
			.isEqualTo("orderly.shutdown.stages.flsuh");
	}

}

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
 * Review finding: a typo of the web stage ({@code orderly.shutdown.stages.wbe.timeout=8s})
 * is answered with "Rename it to orderly.shutdown.stages.web", the deprecated name, rather
 * than the new {@code orderly.shutdown.web.timeout}.
 */
class TypoOfWebStageTests {

	@Test
	void aTypoOfTheWebStagePointsToTheNewName() {
		OrderlyShutdownProperties properties = new OrderlyShutdownProperties();
		Stage typo = new Stage();
		typo.setTimeout(Duration.ofSeconds(8));
		properties.getStages().put("wbe", typo);
		List<Problem> problems = new ArrayList<>();
		ShutdownPlanFactory.create(properties, WebStack.SERVLET, new PlatformSettings(false, null), problems);
		assertThat(problems).singleElement()
			.extracting(Problem::action)
			.asString()
			.contains("orderly.shutdown.web.timeout")
			.doesNotContain("Rename it to orderly.shutdown.stages.web,");
	}

}

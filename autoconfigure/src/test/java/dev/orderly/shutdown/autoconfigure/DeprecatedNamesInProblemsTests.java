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
 * Review finding: a bad value set under a deprecated name is reported under the new name,
 * which the user never set, so the message points at a property that is not in their
 * configuration (and grepping for it finds nothing).
 */
class DeprecatedNamesInProblemsTests {

	private static final PlatformSettings LOCAL = new PlatformSettings(false, null);

	private final OrderlyShutdownProperties properties = new OrderlyShutdownProperties();

	private final List<Problem> problems = new ArrayList<>();

	@Test
	@SuppressWarnings("deprecation")
	void aNonPositiveBudgetSetUnderTheOldNameNamesTheOldName() {
		this.properties.setTimeout(Duration.ZERO);
		ShutdownPlanFactory.create(this.properties, WebStack.NONE, LOCAL, this.problems);
		assertThat(this.problems).singleElement()
			.extracting(Problem::subject)
			.isEqualTo("orderly.shutdown.timeout");
	}

	@Test
	void aNonPositiveWebTimeoutSetUnderTheOldNameNamesTheOldName() {
		Stage web = new Stage();
		web.setTimeout(Duration.ZERO);
		this.properties.getStages().put("web", web);
		ShutdownPlanFactory.create(this.properties, WebStack.SERVLET, LOCAL, this.problems);
		assertThat(this.problems).singleElement()
			.extracting(Problem::subject)
			.isEqualTo("orderly.shutdown.stages.web.timeout");
	}

}

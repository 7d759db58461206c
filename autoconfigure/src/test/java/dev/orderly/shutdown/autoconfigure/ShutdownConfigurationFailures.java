package dev.orderly.shutdown.autoconfigure;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report a user sees when startup fails on the shutdown's configuration.
 */
final class ShutdownConfigurationFailures {

	private ShutdownConfigurationFailures() {
	}

	/**
	 * The failure analysis of a context that must have failed on the shutdown's configuration.
	 * @param context the context
	 * @return the analysis, as Spring Boot logs it
	 */
	static FailureAnalysis analysis(ApplicationContextAssertProvider<?> context) {
		assertThat(context).hasFailed();
		FailureAnalysis analysis = new ShutdownConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
		assertThat(analysis).as("failure analysis of %s", context.getStartupFailure()).isNotNull();
		return analysis;
	}

}

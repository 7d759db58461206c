package dev.orderly.shutdown.autoconfigure;

import java.util.stream.Collectors;

import dev.orderly.shutdown.ShutdownConfigurationException;
import dev.orderly.shutdown.ShutdownConfigurationException.Problem;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link ShutdownConfigurationException} in Spring Boot's startup failure
 * report: each problem with the property, bean or method at fault, and its fix.
 */
class ShutdownConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<ShutdownConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ShutdownConfigurationException cause) {
		String description = cause.getProblems()
			.stream()
			.map((problem) -> "  - " + problem.subject() + " " + problem.description())
			.collect(Collectors.joining("\n", "The shutdown configuration of Orderly Shutdown is invalid:\n", ""));
		String action = cause.getProblems()
			.stream()
			.map(Problem::action)
			.distinct()
			.map((text) -> "  - " + text)
			.collect(Collectors.joining("\n", "Update your application's configuration:\n", ""));
		return new FailureAnalysis(description, action, cause);
	}

}

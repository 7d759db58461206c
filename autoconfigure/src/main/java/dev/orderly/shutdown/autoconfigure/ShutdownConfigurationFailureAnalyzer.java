package dev.orderly.shutdown.autoconfigure;

import java.util.List;
import java.util.stream.Collectors;

import dev.orderly.shutdown.ShutdownConfigurationException;
import dev.orderly.shutdown.ShutdownConfigurationException.Problem;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link ShutdownConfigurationException} in Spring Boot's startup failure
 * report: each problem with the property, bean or method at fault, and its fix under it.
 */
class ShutdownConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<ShutdownConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ShutdownConfigurationException cause) {
		List<Problem> problems = cause.getProblems();
		// Each fix right under its problem: with several problems, two separate lists leave the
		// reader guessing which fix belongs to which.
		String description = problems.stream()
			.map((problem) -> "  - " + problem.subject() + " " + problem.description() + "\n    Fix: " + problem.action())
			.collect(Collectors.joining("\n", "The shutdown configuration of Orderly Shutdown has " + problems.size()
					+ ((problems.size() == 1) ? " problem:\n" : " problems:\n"), ""));
		return new FailureAnalysis(description, "Apply the fix given under each problem above.", cause);
	}

}

package dev.orderly.shutdown;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown at startup when the shutdown configuration is wrong. Each {@link Problem} names
 * the property, bean or method at fault, what is wrong and what would fix it; a failure
 * analyzer turns them into Spring Boot's startup failure report.
 *
 * @since 0.1.0
 */
public class ShutdownConfigurationException extends RuntimeException {

	private final List<Problem> problems;

	public ShutdownConfigurationException(List<Problem> problems) {
		super(describe(problems));
		this.problems = List.copyOf(problems);
	}

	public ShutdownConfigurationException(Problem problem) {
		this(List.of(problem));
	}

	/**
	 * What is wrong, one entry per problem.
	 * @return the problems
	 */
	public List<Problem> getProblems() {
		return this.problems;
	}

	private static String describe(List<Problem> problems) {
		return problems.stream()
			.map((problem) -> problem.subject() + ": " + problem.description() + " (fix: " + problem.action() + ")")
			.collect(Collectors.joining("; ", "Invalid shutdown configuration: ", ""));
	}

	/**
	 * One configuration problem.
	 *
	 * @param subject the property, bean or method at fault
	 * @param description what is wrong
	 * @param action what would fix it
	 */
	public record Problem(String subject, String description, String action) {
	}

}

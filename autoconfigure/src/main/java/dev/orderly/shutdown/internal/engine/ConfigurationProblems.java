package dev.orderly.shutdown.internal.engine;

import java.util.ArrayList;
import java.util.List;

import dev.orderly.shutdown.ShutdownConfigurationException;
import dev.orderly.shutdown.ShutdownConfigurationException.Problem;

/**
 * The problems of the shutdown configuration, gathered from every place that checks it (the
 * properties when the plan is built, the report file when it is opened, the tasks once
 * every singleton exists) so that startup fails once, naming them all.
 * {@link ShutdownTaskCollector} throws them after its own checks; a problem added after
 * that, by a bean created later, is thrown at once.
 */
public final class ConfigurationProblems {

	private final List<Problem> problems = new ArrayList<>();

	private boolean checked;

	/**
	 * Add a problem; thrown at once if startup has been checked already.
	 * @param problem the problem
	 */
	public synchronized void add(Problem problem) {
		if (this.checked) {
			throw new ShutdownConfigurationException(problem);
		}
		this.problems.add(problem);
	}

	synchronized void throwIfAny() {
		this.checked = true;
		if (!this.problems.isEmpty()) {
			throw new ShutdownConfigurationException(this.problems);
		}
	}

}

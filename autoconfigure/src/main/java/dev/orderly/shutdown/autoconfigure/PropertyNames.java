package dev.orderly.shutdown.autoconfigure;

import dev.orderly.shutdown.internal.plan.StagePlan;

/**
 * The names of the properties that the starter reads and names in its startup problems, so
 * that each is spelled once.
 */
final class PropertyNames {

	/** Prefix of the properties bound to {@link OrderlyShutdownProperties}. */
	static final String PREFIX = "orderly.shutdown";

	/** Spring Boot's wait for each lifecycle phase, which bounds its graceful shutdown. */
	static final String TIMEOUT_PER_SHUTDOWN_PHASE = "spring.lifecycle.timeout-per-shutdown-phase";

	/** Spring Boot's choice of graceful (the default) or immediate web server shutdown. */
	static final String SERVER_SHUTDOWN = "server.shutdown";

	/** The budget of the whole shutdown. */
	static final String BUDGET = of("budget");

	/** The budget's deprecated old name. */
	static final String DEPRECATED_BUDGET = of("timeout");

	/** The web stage's own timeout, which takes precedence over {@link #TIMEOUT_PER_SHUTDOWN_PHASE}. */
	static final String WEB_TIMEOUT = of("web.timeout");

	/** The web stage timeout's deprecated old name. */
	static final String DEPRECATED_WEB_TIMEOUT = stage(StagePlan.WEB, "timeout");

	/** Where the report file is written; no file if unset or empty. */
	static final String REPORT_FILE = of("report.file");

	private PropertyNames() {
	}

	/**
	 * A property of the starter.
	 * @param name the name below {@link #PREFIX}, such as {@code drain.max-delay}
	 * @return the full name
	 */
	static String of(String name) {
		return PREFIX + "." + name;
	}

	/**
	 * The settings of a stage.
	 * @param stage the stage name
	 * @return the full name, such as {@code orderly.shutdown.stages.flush}
	 */
	static String stage(String stage) {
		return of("stages." + stage);
	}

	/**
	 * A setting of a stage.
	 * @param stage the stage name
	 * @param setting {@code order}, {@code timeout} or {@code beans}
	 * @return the full name, such as {@code orderly.shutdown.stages.flush.timeout}
	 */
	static String stage(String stage, String setting) {
		return stage(stage) + "." + setting;
	}

}

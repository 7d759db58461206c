package dev.orderly.shutdown;

import java.util.Locale;

/**
 * What started a shutdown run.
 *
 * @since 0.1.0
 */
public enum ShutdownTrigger {

	/**
	 * The JVM is exiting: SIGTERM, SIGINT (Ctrl-C) or {@code System.exit}, through Spring
	 * Boot's shutdown hook.
	 */
	JVM_SHUTDOWN("JVM shutdown hook (SIGTERM, SIGINT or System.exit)"),

	/**
	 * A call to {@link OrderlyShutdown#initiate(String)}.
	 */
	API("OrderlyShutdown.initiate()"),

	/**
	 * A {@code POST} to the actuator's {@code shutdown} endpoint.
	 */
	ENDPOINT("POST /actuator/shutdown"),

	/**
	 * A direct {@code ApplicationContext.close()}.
	 */
	CONTEXT_CLOSE("ApplicationContext.close()");

	private final String description;

	ShutdownTrigger(String description) {
		this.description = description;
	}

	/**
	 * Human-readable description, as shown in the report.
	 * @return the description
	 */
	public String description() {
		return this.description;
	}

	/**
	 * Label used in reports, endpoints and metric tags, for example {@code jvm_shutdown}.
	 * @return the label
	 */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The trigger of a label, or of its upper-case name as earlier report files have it.
	 * @param label the label
	 * @return the trigger
	 * @throws IllegalArgumentException if no trigger has that label
	 */
	public static ShutdownTrigger ofLabel(String label) {
		return valueOf(label.toUpperCase(Locale.ROOT));
	}

}

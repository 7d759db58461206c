package dev.orderly.shutdown.internal.plan;

/**
 * What runs a stage.
 */
public enum StageKind {

	/** Keeps serving while load balancers take the instance out; always first. */
	DRAIN,

	/** Spring Boot's graceful shutdown of the web server; always second. */
	WEB,

	/** A stage of application tasks, run as a {@code SmartLifecycle} at its own phase. */
	APPLICATION

}

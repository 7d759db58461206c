package dev.orderly.shutdown.autoconfigure;

/**
 * The web stack the application runs on, as decided by the conditions of the web
 * configurations: each contributes itself as a bean, and no bean means none. It decides
 * which of the drain and the web stage the plan has.
 */
enum WebStack {

	/** Not a web application: application stages only. */
	NONE(false, false),

	/** A servlet web application: the drain, the web stage and the application stages. */
	SERVLET(true, true),

	/** A reactive web application: the drain, the web stage and the application stages. */
	REACTIVE(true, true);

	private final boolean drain;

	private final boolean webStage;

	WebStack(boolean drain, boolean webStage) {
		this.drain = drain;
		this.webStage = webStage;
	}

	boolean hasDrain() {
		return this.drain;
	}

	boolean hasWebStage() {
		return this.webStage;
	}

}

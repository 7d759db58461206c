package dev.orderly.shutdown.plan;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One planned stage.
 *
 * @param name the stage name
 * @param kind what runs the stage
 * @param order the configured order; stages run in ascending order
 * @param timeout the stage's time limit, also the default limit of each of its tasks
 * @param phase the {@code SmartLifecycle} phase the stage stops in (application stages
 * only; {@code 0} otherwise)
 * @param adoptedBeans beans whose cleanup runs inside this stage
 * @param timeoutSource where the timeout comes from, for the startup plan and error messages,
 * when not from the stage's own setting (such as Spring Boot's phase timeout for the web
 * stage); {@code null} when it is the stage's own
 * @since 0.1.0
 */
public record StagePlan(String name, StageKind kind, int order, Duration timeout, int phase,
		List<String> adoptedBeans, @Nullable String timeoutSource) {

	/** Name of the drain stage, the one {@link StageKind#DRAIN} stage. */
	public static final String DRAIN = "drain";

	/** Name of the web stage, the one {@link StageKind#WEB} stage. */
	public static final String WEB = "web";

	public StagePlan {
		adoptedBeans = List.copyOf(adoptedBeans);
	}

	/**
	 * A stage whose timeout comes from its own setting.
	 * @param name the stage name
	 * @param kind what runs the stage
	 * @param order the configured order
	 * @param timeout the stage's time limit
	 * @param phase the {@code SmartLifecycle} phase (application stages only)
	 * @param adoptedBeans beans whose cleanup runs inside this stage
	 */
	public StagePlan(String name, StageKind kind, int order, Duration timeout, int phase, List<String> adoptedBeans) {
		this(name, kind, order, timeout, phase, adoptedBeans, null);
	}

	/**
	 * Whether the timeout comes from somewhere other than the stage's own setting, such as
	 * Spring Boot's {@code spring.lifecycle.timeout-per-shutdown-phase} for the web stage.
	 * @return whether the plan should say where the timeout comes from
	 */
	public boolean hasTimeoutFromElsewhere() {
		return this.timeoutSource != null;
	}

	/**
	 * Whether the stage runs application tasks.
	 * @return whether this is an application stage
	 */
	public boolean isApplication() {
		return this.kind == StageKind.APPLICATION;
	}

}

package dev.orderly.shutdown.plan;

import java.time.Duration;
import java.util.List;

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
 * @param timeoutSource the property the timeout comes from, and any it takes precedence
 * over, for the startup plan and error messages
 * @since 0.1.0
 */
public record StagePlan(String name, StageKind kind, int order, Duration timeout, int phase,
		List<String> adoptedBeans, String timeoutSource) {

	public StagePlan {
		adoptedBeans = List.copyOf(adoptedBeans);
	}

	/**
	 * A stage whose timeout comes from its own property.
	 * @param name the stage name
	 * @param kind what runs the stage
	 * @param order the configured order
	 * @param timeout the stage's time limit
	 * @param phase the {@code SmartLifecycle} phase (application stages only)
	 * @param adoptedBeans beans whose cleanup runs inside this stage
	 */
	public StagePlan(String name, StageKind kind, int order, Duration timeout, int phase, List<String> adoptedBeans) {
		this(name, kind, order, timeout, phase, adoptedBeans, ownTimeoutProperty(name, kind));
	}

	/**
	 * The property that sets a stage's timeout.
	 * @param name the stage name
	 * @param kind what runs the stage
	 * @return the property name
	 */
	public static String ownTimeoutProperty(String name, StageKind kind) {
		return (kind == StageKind.DRAIN) ? "orderly.shutdown.drain.max-delay"
				: "orderly.shutdown.stages." + name + ".timeout";
	}

	/**
	 * Whether the timeout comes from somewhere other than the stage's own property, such as
	 * Spring's {@code spring.lifecycle.timeout-per-shutdown-phase} for the web stage.
	 * @return whether the plan should say where the timeout comes from
	 */
	public boolean hasTimeoutFromElsewhere() {
		return !this.timeoutSource.equals(ownTimeoutProperty(this.name, this.kind));
	}

	/**
	 * Whether the stage runs application tasks.
	 * @return whether this is an application stage
	 */
	public boolean isApplication() {
		return this.kind == StageKind.APPLICATION;
	}

}

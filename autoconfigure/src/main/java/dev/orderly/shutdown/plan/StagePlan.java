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
 * @since 0.1.0
 */
public record StagePlan(String name, StageKind kind, int order, Duration timeout, int phase,
		List<String> adoptedBeans) {

	public StagePlan {
		adoptedBeans = List.copyOf(adoptedBeans);
	}

	/**
	 * Whether the stage runs application tasks.
	 * @return whether this is an application stage
	 */
	public boolean isApplication() {
		return this.kind == StageKind.APPLICATION;
	}

}

package dev.orderly.shutdown.internal.plan;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The validated shape of every shutdown: stages in order and the budget they share.
 *
 * @param budget total time for one shutdown ({@code orderly.shutdown.budget})
 * @param terminationGracePeriod time the platform allows before it kills the process, if
 * known
 * @param terminationMargin time kept free after the budget within the grace period
 * @param stages all stages in the order they run
 */
public record ShutdownPlan(Duration budget, @Nullable Duration terminationGracePeriod, Duration terminationMargin,
		List<StagePlan> stages) {

	public ShutdownPlan {
		stages = List.copyOf(stages);
	}

	/**
	 * The application stages in the order they run.
	 * @return the application stages
	 */
	public List<StagePlan> applicationStages() {
		return this.stages.stream().filter(StagePlan::isApplication).toList();
	}

	/**
	 * Find a stage by name.
	 * @param name the stage name
	 * @return the stage, if planned
	 */
	public Optional<StagePlan> stage(String name) {
		return this.stages.stream().filter((stage) -> stage.name().equals(name)).findFirst();
	}

	/**
	 * Sum of all stage timeouts: the most a shutdown can take.
	 * @return the planned time
	 */
	public Duration plannedTime() {
		return this.stages.stream().map(StagePlan::timeout).reduce(Duration.ZERO, Duration::plus);
	}

	/**
	 * Time that must stay reserved for the stages after the given one, so that no stage can
	 * eat a later stage's time.
	 * @param name the stage name
	 * @return the sum of the timeouts of every later stage
	 */
	public Duration reservedAfter(String name) {
		Duration reserved = Duration.ZERO;
		boolean after = false;
		for (StagePlan stage : this.stages) {
			if (after) {
				reserved = reserved.plus(stage.timeout());
			}
			after = after || stage.name().equals(name);
		}
		return reserved;
	}

}

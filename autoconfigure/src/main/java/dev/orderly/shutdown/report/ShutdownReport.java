package dev.orderly.shutdown.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.ShutdownTrigger;
import org.jspecify.annotations.Nullable;

/**
 * What one shutdown run did, stage by stage and task by task. A report taken while the run
 * is in progress has {@code finished == false} and holds the stages that have ended.
 *
 * @param id the run's unique id
 * @param trigger what started the run
 * @param reason the reason given by whoever started it, if any
 * @param startedAt when the run started
 * @param duration how long it took (so far, while in progress)
 * @param budget the time it was allowed
 * @param finished whether every stage has ended
 * @param stages the stages that have ended, in the order they ran
 * @since 0.1.0
 */
public record ShutdownReport(String id, ShutdownTrigger trigger, @Nullable String reason, Instant startedAt,
		Duration duration, Duration budget, boolean finished, List<StageReport> stages) {

	public ShutdownReport {
		stages = List.copyOf(stages);
	}

	/**
	 * Overall outcome: the worst stage outcome, {@code completed} when all completed.
	 * @return the outcome
	 */
	public ShutdownOutcome outcome() {
		return ShutdownOutcome.worst(this.stages.stream().map(StageReport::outcome).toList());
	}

	/**
	 * Find a stage's report.
	 * @param name the stage name
	 * @return the stage report, or {@code null} if that stage has not ended
	 */
	public @Nullable StageReport stage(String name) {
		return this.stages.stream().filter((stage) -> stage.name().equals(name)).findFirst().orElse(null);
	}

}

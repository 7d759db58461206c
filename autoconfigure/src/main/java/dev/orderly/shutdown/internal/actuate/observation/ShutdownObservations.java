package dev.orderly.shutdown.internal.actuate.observation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.observation.DefaultShutdownObservationConvention;
import dev.orderly.shutdown.observation.DefaultShutdownStageObservationConvention;
import dev.orderly.shutdown.observation.DefaultShutdownTaskObservationConvention;
import dev.orderly.shutdown.observation.ShutdownObservationContext;
import dev.orderly.shutdown.observation.ShutdownObservationConvention;
import dev.orderly.shutdown.observation.ShutdownObservationDocumentation;
import dev.orderly.shutdown.observation.ShutdownStageObservationContext;
import dev.orderly.shutdown.observation.ShutdownStageObservationConvention;
import dev.orderly.shutdown.observation.ShutdownTaskObservationContext;
import dev.orderly.shutdown.observation.ShutdownTaskObservationConvention;
import dev.orderly.shutdown.report.ShutdownListener;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.report.TaskReport;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Turns a shutdown run into the observations of {@link ShutdownObservationDocumentation}: one
 * for the run, a child per stage and, below it, one per task. The application's conventions,
 * when it has any, name and tag them; otherwise a global convention registered with the
 * registry, otherwise the default ones.
 */
public class ShutdownObservations implements ShutdownListener {

	private static final ShutdownObservationConvention DEFAULT_RUN_CONVENTION = new DefaultShutdownObservationConvention();

	private static final ShutdownStageObservationConvention DEFAULT_STAGE_CONVENTION = new DefaultShutdownStageObservationConvention();

	private static final ShutdownTaskObservationConvention DEFAULT_TASK_CONVENTION = new DefaultShutdownTaskObservationConvention();

	private final ObservationRegistry registry;

	private final @Nullable ShutdownObservationConvention runConvention;

	private final @Nullable ShutdownStageObservationConvention stageConvention;

	private final @Nullable ShutdownTaskObservationConvention taskConvention;

	private volatile @Nullable Observation run;

	private final Map<String, Observation> stages = new ConcurrentHashMap<>();

	private final Map<String, Observation> tasks = new ConcurrentHashMap<>();

	/**
	 * Observations named and tagged by the given conventions; where one is {@code null}, by
	 * a global convention registered with the registry, otherwise the default one.
	 * @param registry the registry
	 * @param runConvention the application's convention for the run's observation
	 * @param stageConvention the application's convention for the stages' observations
	 * @param taskConvention the application's convention for the tasks' observations
	 */
	public ShutdownObservations(ObservationRegistry registry, @Nullable ShutdownObservationConvention runConvention,
			@Nullable ShutdownStageObservationConvention stageConvention,
			@Nullable ShutdownTaskObservationConvention taskConvention) {
		this.registry = registry;
		this.runConvention = runConvention;
		this.stageConvention = stageConvention;
		this.taskConvention = taskConvention;
	}

	@Override
	public void runStarted(ShutdownReport report) {
		this.run = ShutdownObservationDocumentation.SHUTDOWN
			.observation(this.runConvention, DEFAULT_RUN_CONVENTION, () -> new ShutdownObservationContext(report),
					this.registry)
			.start();
	}

	@Override
	public void stageStarted(ShutdownReport report, String stage) {
		this.stages.put(stage,
				ShutdownObservationDocumentation.STAGE
					.observation(this.stageConvention, DEFAULT_STAGE_CONVENTION,
							() -> new ShutdownStageObservationContext(stage), this.registry)
					.parentObservation(this.run)
					.start());
	}

	@Override
	public void taskStarted(ShutdownReport report, String stage, String task) {
		this.tasks.computeIfAbsent(taskKey(stage, task), (key) -> startTask(stage, task));
	}

	@Override
	public void taskFinished(ShutdownReport report, String stage, TaskReport task) {
		Observation observation = this.tasks.remove(taskKey(stage, task.name()));
		if (observation == null) {
			observation = startTask(stage, task.name()); // a skipped task never started
		}
		if (observation.getContext() instanceof ShutdownTaskObservationContext context) {
			context.ended(task);
		}
		if (task.outcome() == ShutdownOutcome.FAILED || task.outcome() == ShutdownOutcome.TIMED_OUT) {
			// what marks the span as failed in a tracing backend
			observation.error(new ShutdownTaskFailedException(task));
		}
		observation.stop();
	}

	@Override
	public void stageFinished(ShutdownReport report, StageReport stage) {
		Observation observation = this.stages.remove(stage.name());
		if (observation != null) {
			if (observation.getContext() instanceof ShutdownStageObservationContext context) {
				context.ended(stage);
			}
			observation.stop();
		}
	}

	@Override
	public void runFinished(ShutdownReport report) {
		// A stage that ended after the run had finished is not reported: end its observations
		// here, so that none stays open and none is held after the run.
		stopAll(this.tasks);
		stopAll(this.stages);
		Observation observation = this.run;
		this.run = null;
		if (observation != null) {
			if (observation.getContext() instanceof ShutdownObservationContext context) {
				context.ended(report);
			}
			observation.stop();
		}
	}

	private static void stopAll(Map<String, Observation> observations) {
		observations.values().forEach(Observation::stop);
		observations.clear();
	}

	/**
	 * How many observations are open (the run's, its stages' and its tasks'), none once the
	 * run has finished.
	 * @return the number of observations started and not stopped
	 */
	int openObservations() {
		return this.stages.size() + this.tasks.size() + ((this.run != null) ? 1 : 0);
	}

	private Observation startTask(String stage, String task) {
		return ShutdownObservationDocumentation.TASK
			.observation(this.taskConvention, DEFAULT_TASK_CONVENTION,
					() -> new ShutdownTaskObservationContext(stage, task), this.registry)
			.parentObservation(this.stages.get(stage))
			.start();
	}

	private static String taskKey(String stage, String task) {
		return stage + "/" + task;
	}

}

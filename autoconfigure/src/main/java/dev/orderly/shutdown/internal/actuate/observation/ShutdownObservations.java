package dev.orderly.shutdown.internal.actuate.observation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
		Observation observation = this.tasks.computeIfAbsent(taskKey(stage, task.name()),
				(key) -> startTask(stage, task.name()));
		if (observation.getContext() instanceof ShutdownTaskObservationContext context) {
			context.ended(task);
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
		Observation observation = this.run;
		if (observation != null) {
			if (observation.getContext() instanceof ShutdownObservationContext context) {
				context.ended(report);
			}
			observation.stop();
		}
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

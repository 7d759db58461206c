package dev.orderly.shutdown.actuate.observation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.orderly.shutdown.report.ShutdownListener;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.report.TaskReport;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Turns a shutdown run into observations: {@code orderly.shutdown} for the run, with a child
 * {@code orderly.shutdown.stage} per stage and, below it, {@code orderly.shutdown.task} per
 * task. With Spring Boot's metrics they become timers; with Micrometer Tracing, one trace
 * per shutdown with a span per stage and task.
 *
 * @since 0.1.0
 */
public class ShutdownObservations implements ShutdownListener {

	/** Observation (and timer) of a whole run; tags: trigger, outcome. */
	public static final String RUN = "orderly.shutdown";

	/** Observation (and timer) of a stage; tags: stage, outcome. */
	public static final String STAGE = "orderly.shutdown.stage";

	/** Observation (and timer) of a task; tags: stage, task, outcome. */
	public static final String TASK = "orderly.shutdown.task";

	private final ObservationRegistry registry;

	private volatile @Nullable Observation run;

	private final Map<String, Observation> stages = new ConcurrentHashMap<>();

	private final Map<String, Observation> tasks = new ConcurrentHashMap<>();

	public ShutdownObservations(ObservationRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void runStarted(ShutdownReport report) {
		this.run = Observation.createNotStarted(RUN, this.registry)
			.contextualName("orderly shutdown")
			.lowCardinalityKeyValue("trigger", report.trigger().label())
			.highCardinalityKeyValue("run.id", report.id())
			.start();
	}

	@Override
	public void stageStarted(ShutdownReport report, String stage) {
		this.stages.put(stage, Observation.createNotStarted(STAGE, this.registry)
			.contextualName("stage " + stage)
			.parentObservation(this.run)
			.lowCardinalityKeyValue("stage", stage)
			.start());
	}

	@Override
	public void taskStarted(ShutdownReport report, String stage, String task) {
		this.tasks.computeIfAbsent(stage + "/" + task, (key) -> startTask(stage, task));
	}

	@Override
	public void taskFinished(ShutdownReport report, String stage, TaskReport task) {
		Observation observation = this.tasks.computeIfAbsent(stage + "/" + task.name(),
				(key) -> startTask(stage, task.name()));
		observation.lowCardinalityKeyValue("outcome", task.outcome().label());
		if (task.error() != null) {
			observation.highCardinalityKeyValue("error.message", task.error());
		}
		observation.stop();
	}

	@Override
	public void stageFinished(ShutdownReport report, StageReport stage) {
		Observation observation = this.stages.remove(stage.name());
		if (observation != null) {
			observation.lowCardinalityKeyValue("outcome", stage.outcome().label());
			stage.counts().forEach((name, value) -> observation.highCardinalityKeyValue(name, String.valueOf(value)));
			observation.stop();
		}
	}

	@Override
	public void runFinished(ShutdownReport report) {
		Observation observation = this.run;
		if (observation != null) {
			observation.lowCardinalityKeyValue("outcome", report.outcome().label());
			observation.stop();
		}
	}

	private Observation startTask(String stage, String task) {
		return Observation.createNotStarted(TASK, this.registry)
			.contextualName("task " + stage + "/" + task)
			.parentObservation(this.stages.get(stage))
			.lowCardinalityKeyValue("stage", stage)
			.lowCardinalityKeyValue("task", task)
			.start();
	}

}

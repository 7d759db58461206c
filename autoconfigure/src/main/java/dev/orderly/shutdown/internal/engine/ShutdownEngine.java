package dev.orderly.shutdown.internal.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.orderly.shutdown.ShutdownTrigger;
import dev.orderly.shutdown.internal.cleanup.BeanCleanup;
import dev.orderly.shutdown.internal.plan.ShutdownPhases;
import dev.orderly.shutdown.internal.plan.ShutdownPlan;
import dev.orderly.shutdown.internal.plan.StageKind;
import dev.orderly.shutdown.internal.plan.StagePlan;
import dev.orderly.shutdown.internal.report.ShutdownReportTable;
import dev.orderly.shutdown.report.ShutdownListener;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the planned stages of the one shutdown run: the run begins once, whatever triggers
 * it, and each stage runs when its lifecycle phase stops. Beginning and finishing the run is
 * kept to this package; the stages run elsewhere use the {@link #stageRecorder()}.
 */
public final class ShutdownEngine {

	private static final Log logger = LogFactory.getLog(ShutdownEngine.class);

	private final ShutdownPlan plan;

	private final ObjectProvider<ShutdownListener> listeners;

	private final LifecyclePhaseTimeouts phaseTimeouts;

	private volatile Map<String, List<PlannedTask>> tasks = Map.of();

	private volatile List<BeanCleanup> untimedCleanup = List.of();

	private volatile @Nullable ShutdownRun run;

	private final Set<String> begunStages = new HashSet<>();

	private final StageRecorder stageRecorder = new EngineStageRecorder();

	private volatile List<LifecyclePhase> lifecyclePhases = List.of();

	/** Spring's wait for a phase the starter does not own, before the budget bounds it. */
	private final Duration phaseTimeout;

	private volatile int reportPhase;

	/** The phase the starter does not own that is stopping now, if any; guarded by this. */
	private @Nullable LifecyclePhaseRecording stoppingPhase;

	/**
	 * Create an engine.
	 * @param plan the plan every run follows
	 * @param listeners who is told about each run
	 * @param beanFactory where Spring's lifecycle processor is found, to bound its wait for
	 * the stages' lifecycle phases
	 */
	public ShutdownEngine(ShutdownPlan plan, ObjectProvider<ShutdownListener> listeners, BeanFactory beanFactory) {
		this(plan, listeners, beanFactory, null);
	}

	/**
	 * Create an engine.
	 * @param plan the plan every run follows
	 * @param listeners who is told about each run
	 * @param beanFactory where Spring's lifecycle processor is found, to bound its wait for
	 * each lifecycle phase
	 * @param phaseTimeout Spring's wait for each phase the starter does not own
	 * ({@code spring.lifecycle.timeout-per-shutdown-phase}), or {@code null} for Spring
	 * Boot's default
	 */
	public ShutdownEngine(ShutdownPlan plan, ObjectProvider<ShutdownListener> listeners, BeanFactory beanFactory,
			@Nullable Duration phaseTimeout) {
		this.plan = plan;
		this.listeners = listeners;
		this.phaseTimeouts = new LifecyclePhaseTimeouts(beanFactory);
		this.reportPhase = ShutdownPhases.report(plan.applicationStages().size());
		this.phaseTimeout = (phaseTimeout != null) ? phaseTimeout
				: new LifecycleProperties().getTimeoutPerShutdownPhase();
	}

	/**
	 * The plan every run follows.
	 * @return the plan
	 */
	public ShutdownPlan plan() {
		return this.plan;
	}

	/**
	 * The validated tasks of each application stage.
	 * @return tasks by stage name
	 */
	public Map<String, List<PlannedTask>> tasks() {
		return this.tasks;
	}

	/**
	 * The beans whose cleanup still runs untimed in bean destruction, after every stage.
	 * @return the beans, as found at startup
	 */
	public List<BeanCleanup> untimedCleanup() {
		return this.untimedCleanup;
	}

	void useTasks(Map<String, List<PlannedTask>> tasks, List<BeanCleanup> untimedCleanup) {
		this.tasks = Map.copyOf(tasks);
		this.untimedCleanup = List.copyOf(untimedCleanup);
	}

	/**
	 * The lifecycle beans Spring stops at shutdown, by phase in stop order, as found at
	 * startup.
	 * @return the phases that hold beans
	 */
	public List<LifecyclePhase> lifecyclePhases() {
		return this.lifecyclePhases;
	}

	/**
	 * Spring's wait for each phase the starter does not own, before the budget bounds it.
	 * @return the per-phase timeout
	 */
	public Duration phaseTimeout() {
		return this.phaseTimeout;
	}

	/**
	 * The phase the run is finished and reported at: below every phase the report covers.
	 * @return the report's phase
	 */
	public int reportPhase() {
		return this.reportPhase;
	}

	void useLifecyclePhases(List<LifecyclePhase> phases) {
		this.lifecyclePhases = List.copyOf(phases);
		this.reportPhase = LifecyclePhases.reportPhase(this.plan, phases);
	}

	/**
	 * Spring begins stopping a phase the starter does not own: bound its wait by what the
	 * budget has left once the time of the stages still to come is kept, and record it.
	 * @param phase the phase
	 * @param beforeItsBeans whether no bean of the phase has been asked to stop yet, so that
	 * the beans running now are the ones Spring stops; a phase with none is not recorded
	 */
	synchronized void beginLifecyclePhase(LifecyclePhase phase, boolean beforeItsBeans) {
		ShutdownRun current = this.run;
		LifecyclePhase stopping = beforeItsBeans ? phase.running() : phase;
		if (current == null || stopping.beans().isEmpty()) {
			return;
		}
		Duration left = Duration.ofNanos(current.deadlineNanos() - System.nanoTime())
			.minus(reservedBelow(phase.phase()));
		Duration wait = left.isNegative() ? Duration.ZERO : left;
		boolean cutByBudget = wait.compareTo(this.phaseTimeout) < 0;
		wait = cutByBudget ? wait : this.phaseTimeout;
		this.phaseTimeouts.set(phase.phase(), wait);
		if (phase.inReport() && !current.completion().isDone()) {
			this.stoppingPhase = new LifecyclePhaseRecording(current, stopping, wait, cutByBudget);
		}
	}

	/**
	 * End the row of the phase the starter does not own that was stopping, if any: Spring
	 * has moved on to a later phase.
	 */
	synchronized void endLifecyclePhase() {
		LifecyclePhaseRecording stopping = this.stoppingPhase;
		this.stoppingPhase = null;
		if (stopping != null) {
			stopping.end();
		}
	}

	/** The time of the stages that stop after the given phase. */
	private Duration reservedBelow(int phase) {
		return this.plan.stages()
			.stream()
			.filter((stage) -> stage.isApplication() ? stage.phase() < phase
					: stage.kind() == StageKind.WEB && ShutdownPhases.WEB_STAGE < phase)
			.map(StagePlan::timeout)
			.reduce(Duration.ZERO, Duration::plus);
	}

	/**
	 * Add the task of a bean created after startup, unless its stage has begun already.
	 * @param task the validated task
	 * @return whether the task will run
	 */
	synchronized boolean addTask(PlannedTask task) {
		if (this.begunStages.contains(task.stage())) {
			return false;
		}
		Map<String, List<PlannedTask>> updated = new HashMap<>(this.tasks);
		List<PlannedTask> stageTasks = new ArrayList<>(updated.getOrDefault(task.stage(), List.of()));
		stageTasks.add(task);
		updated.put(task.stage(), List.copyOf(stageTasks));
		this.tasks = Map.copyOf(updated);
		return true;
	}

	/**
	 * The run in progress or finished, if shutdown has begun.
	 * @return the run
	 */
	public Optional<ShutdownRun> currentRun() {
		return Optional.ofNullable(this.run);
	}

	/**
	 * Begin the run, or join the one already begun: there is one run per application,
	 * whatever triggers it and however often.
	 * @param trigger what triggers the shutdown
	 * @param reason why, if known
	 * @return the run
	 */
	ShutdownRun begin(ShutdownTrigger trigger, @Nullable String reason) {
		ShutdownRun begun = beginIfIdle(trigger, reason);
		return (begun != null) ? begun : currentRun().orElseThrow();
	}

	/**
	 * Begin the run unless one has begun already.
	 * @param trigger what triggers the shutdown
	 * @param reason why, if known
	 * @return the new run, or {@code null} if a run had begun already
	 */
	synchronized @Nullable ShutdownRun beginIfIdle(ShutdownTrigger trigger, @Nullable String reason) {
		if (this.run != null) {
			return null;
		}
		ShutdownRun begun = new ShutdownRun(trigger, reason, this.plan.budget(), createListeners());
		this.run = begun;
		logger.info("Orderly shutdown started by " + trigger.description() + ((reason != null) ? " (" + reason + ")" : "")
				+ ": stages " + String.join(" -> ", this.plan.stages().stream().map(StagePlan::name).toList())
				+ " within " + ShutdownReportTable.duration(this.plan.budget()));
		begun.started();
		return begun;
	}

	/**
	 * The listeners of the run. A user's lazy listener is created only now; one that cannot
	 * be created is left out with a WARN, so that the run still happens.
	 */
	private List<ShutdownListener> createListeners() {
		try {
			return this.listeners.orderedStream().toList();
		}
		catch (BeansException ex) {
			// Find the failing beans by creating the listeners type by type: the filter sees a
			// bean's type before the bean is created, so a filter that only notes it creates none.
			Set<@Nullable Class<?>> types = new LinkedHashSet<>();
			this.listeners.stream((type) -> {
				types.add(type);
				return false;
			}).toList();
			Set<@Nullable Class<?>> failing = new HashSet<>();
			for (Class<?> type : types) {
				try {
					this.listeners.stream((candidate) -> candidate == type).toList();
				}
				catch (BeansException failure) {
					failing.add(type);
					logger.warn("Shutdown listener " + describe(failure, type)
							+ " could not be created; the shutdown runs without it", failure);
				}
			}
			return this.listeners.orderedStream((type) -> !failing.contains(type)).toList();
		}
	}

	private static String describe(BeansException failure, @Nullable Class<?> type) {
		if (failure instanceof BeanCreationException creation && creation.getBeanName() != null) {
			return "'" + creation.getBeanName() + "'";
		}
		return "of type " + ((type != null) ? type.getName() : "unknown");
	}

	StageReport runStage(StageRecording recording) {
		String name = recording.stage().name();
		List<PlannedTask> stageTasks;
		synchronized (this) {
			// From here on a bean created late cannot join this stage (see addTask).
			this.begunStages.add(name);
			stageTasks = this.tasks.getOrDefault(name, List.of());
		}
		return new StageExecution(recording, name, stageTasks).execute();
	}

	/**
	 * Bound Spring's wait for a lifecycle phase by what is left of a stage, plus a margin.
	 * Call it while the phase is stopping, before Spring starts waiting: Spring reads the
	 * timeout then.
	 * @param phase the lifecycle phase that is stopping
	 * @param stage the stage that runs in it
	 * @param margin time added for the stage to record its end after its deadline
	 * @return the wait given to Spring
	 */
	Duration boundPhase(int phase, StageRecording stage, Duration margin) {
		Duration wait = stage.remaining().plus(margin);
		this.phaseTimeouts.set(phase, wait);
		return wait;
	}

	/**
	 * Begin recording a stage that is run elsewhere, such as the drain or the web stage.
	 * @param name the stage name
	 * @return the recording, empty if no run has begun
	 */
	Optional<StageRecording> beginStage(String name) {
		return currentRun().map((current) -> beginStage(current, name));
	}

	private StageRecording beginStage(ShutdownRun current, String name) {
		StagePlan stage = this.plan.stage(name).orElseThrow();
		return new StageRecording(current, stage, this.plan.reservedAfter(name));
	}

	/**
	 * Finish the current run: build the final report and tell the listeners.
	 * @return the final report, or {@code null} if no run has begun
	 */
	@Nullable ShutdownReport finish() {
		ShutdownRun current = this.run;
		return (current != null) ? current.finish(StageRecording.LISTENER_WAIT) : null;
	}

	/**
	 * The narrow view of this engine that the drain and the web stage get.
	 * @return the recorder of their stages
	 */
	public StageRecorder stageRecorder() {
		return this.stageRecorder;
	}

	private final class EngineStageRecorder implements StageRecorder {

		@Override
		public Optional<StageRecording> begin(String stage) {
			return beginStage(stage);
		}

		@Override
		public Duration boundPhase(int phase, StageRecording stage, Duration margin) {
			return ShutdownEngine.this.boundPhase(phase, stage, margin);
		}

		@Override
		public SmartLifecycle atPhase(int phase, Runnable action) {
			return new ShutdownPhaseHook(ShutdownEngine.this, phase, action);
		}

	}

}

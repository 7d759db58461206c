package dev.orderly.shutdown.internal.actuate.endpoint;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.orderly.shutdown.internal.cleanup.BeanCleanup;
import dev.orderly.shutdown.internal.engine.LifecyclePhase;
import dev.orderly.shutdown.internal.engine.PlannedTask;
import dev.orderly.shutdown.internal.engine.ShutdownEngine;
import dev.orderly.shutdown.internal.plan.ShutdownPlan;
import dev.orderly.shutdown.internal.plan.StagePlan;
import dev.orderly.shutdown.internal.report.ShutdownReportTable;
import org.jspecify.annotations.Nullable;

/**
 * The shutdown plan as the endpoints show it: the budget and how it adds up, the stages in
 * order with their tasks and adopted beans, and the cleanup still left untimed. Field names
 * are snake_case, as in the report file and {@link ReportDescriptor}.
 *
 * @param budgetMs the budget ({@code orderly.shutdown.budget})
 * @param plannedMs the sum of all stage timeouts
 * @param budget how the budget adds up, for people
 * @param terminationGracePeriodMs the platform's grace period, if configured
 * @param terminationMarginMs time kept free after the budget
 * @param stages the stages in the order they run
 * @param untimedCleanup beans whose cleanup still runs in bean destruction
 * @param lifecyclePhases every lifecycle phase that holds beans Spring stops, in stop order
 * @param phaseTimeoutMs Spring's wait for a phase the starter does not own, which the budget
 * may cut short
 * @param reportPhase the phase the run's report is finished at
 */
public record PlanDescriptor(@JsonProperty("budget_ms") long budgetMs, @JsonProperty("planned_ms") long plannedMs,
		String budget, @JsonProperty("termination_grace_period_ms") @Nullable Long terminationGracePeriodMs,
		@JsonProperty("termination_margin_ms") long terminationMarginMs, List<Stage> stages,
		@JsonProperty("untimed_cleanup") List<UntimedCleanup> untimedCleanup,
		@JsonProperty("lifecycle_phases") List<Phase> lifecyclePhases,
		@JsonProperty("phase_timeout_ms") long phaseTimeoutMs, @JsonProperty("report_phase") int reportPhase) {

	static PlanDescriptor of(ShutdownEngine engine) {
		ShutdownPlan plan = engine.plan();
		Map<String, List<PlannedTask>> tasks = engine.tasks();
		String budget = String.join(" + ", plan.stages()
			.stream()
			.map((stage) -> stage.name() + " " + ShutdownReportTable.duration(stage.timeout()))
			.toList()) + " = " + ShutdownReportTable.duration(plan.plannedTime()) + " of "
				+ ShutdownReportTable.duration(plan.budget());
		return new PlanDescriptor(plan.budget().toMillis(), plan.plannedTime().toMillis(), budget,
				(plan.terminationGracePeriod() != null) ? plan.terminationGracePeriod().toMillis() : null,
				plan.terminationMargin().toMillis(),
				plan.stages().stream().map((stage) -> Stage.of(stage, tasks.getOrDefault(stage.name(), List.of())))
					.toList(),
				engine.untimedCleanup().stream().map(UntimedCleanup::of).toList(),
				engine.lifecyclePhases().stream().map(Phase::of).toList(), engine.phaseTimeout().toMillis(),
				engine.reportPhase());
	}

	/**
	 * One lifecycle phase that holds beans Spring stops.
	 *
	 * @param phase the phase
	 * @param stage the starter's stage that runs in it, or {@code null} for a phase the
	 * starter does not own (its wait is bounded by what the budget has left)
	 * @param beans the beans Spring stops in it, in order
	 * @param inReport whether it stops before the report is finished, and so is in it
	 */
	public record Phase(int phase, @Nullable String stage, List<String> beans,
			@JsonProperty("in_report") boolean inReport) {

		static Phase of(LifecyclePhase phase) {
			return new Phase(phase.phase(), phase.stage(), phase.beanNames(), phase.inReport());
		}

	}

	/**
	 * One planned stage.
	 *
	 * @param stage the stage name
	 * @param kind {@code drain}, {@code web} or {@code application}
	 * @param order its configured order (application stages)
	 * @param phase its lifecycle phase (application stages)
	 * @param timeoutMs its time limit
	 * @param tasks its tasks
	 * @param adoptedBeans beans whose cleanup it runs
	 */
	public record Stage(String stage, String kind, @Nullable Integer order, @Nullable Integer phase,
			@JsonProperty("timeout_ms") long timeoutMs, List<Task> tasks,
			@JsonProperty("adopted_beans") List<String> adoptedBeans) {

		static Stage of(StagePlan stage, List<PlannedTask> tasks) {
			boolean application = stage.isApplication();
			return new Stage(stage.name(), stage.kind().name().toLowerCase(java.util.Locale.ROOT),
					application ? stage.order() : null, application ? stage.phase() : null,
					stage.timeout().toMillis(), tasks.stream().map(Task::of).toList(), stage.adoptedBeans());
		}

	}

	/**
	 * One planned task.
	 *
	 * @param task the task name
	 * @param source where it comes from
	 * @param timeoutMs its time limit
	 */
	public record Task(String task, String source, @JsonProperty("timeout_ms") long timeoutMs) {

		static Task of(PlannedTask task) {
			return new Task(task.name(), task.source(), task.timeout().toMillis());
		}

	}

	/**
	 * A bean whose cleanup still runs untimed, in bean destruction.
	 *
	 * @param beanName the bean name
	 * @param type the bean's class name
	 * @param callbacks its cleanup callbacks
	 */
	public record UntimedCleanup(@JsonProperty("bean_name") String beanName, String type, List<String> callbacks) {

		static UntimedCleanup of(BeanCleanup cleanup) {
			return new UntimedCleanup(cleanup.beanName(), cleanup.type(), cleanup.callbacks());
		}

	}

}

package dev.orderly.shutdown.internal.actuate.endpoint;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.orderly.shutdown.internal.cleanup.BeanCleanup;
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
 */
public record PlanDescriptor(@JsonProperty("budget_ms") long budgetMs, @JsonProperty("planned_ms") long plannedMs,
		String budget, @JsonProperty("termination_grace_period_ms") @Nullable Long terminationGracePeriodMs,
		@JsonProperty("termination_margin_ms") long terminationMarginMs, List<Stage> stages,
		@JsonProperty("untimed_cleanup") List<UntimedCleanup> untimedCleanup) {

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
				engine.untimedCleanup().stream().map(UntimedCleanup::of).toList());
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

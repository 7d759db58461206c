package dev.orderly.shutdown.internal.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.orderly.shutdown.internal.plan.ShutdownPhases;
import dev.orderly.shutdown.internal.plan.ShutdownPlan;
import dev.orderly.shutdown.internal.plan.StageKind;
import dev.orderly.shutdown.internal.plan.StagePlan;
import dev.orderly.shutdown.internal.report.ShutdownReportTable;

/**
 * The plan as a few lines for the startup log: the whole shutdown in stop order, the
 * starter's stages among the lifecycle phases Spring stops, one line per stage or phase.
 */
final class ShutdownPlanDescription {

	/** Width of the first column when nothing longer needs it (a stage name). */
	private static final int NAME_WIDTH = 10;

	private ShutdownPlanDescription() {
	}

	/**
	 * Describe the plan.
	 * @param plan the plan
	 * @param tasks the tasks of each application stage
	 * @param phases the lifecycle phases that hold beans, in stop order
	 * @param phaseTimeout Spring's wait for a phase the starter does not own
	 * @param reportPhase the phase the run is reported at
	 * @return the lines
	 */
	static String describe(ShutdownPlan plan, Map<String, List<PlannedTask>> tasks, List<LifecyclePhase> phases,
			Duration phaseTimeout, int reportPhase) {
		StringBuilder out = new StringBuilder("Orderly shutdown plan: stages take up to ")
			.append(ShutdownReportTable.duration(plan.plannedTime()))
			.append(" of the ")
			.append(ShutdownReportTable.duration(plan.budget()))
			.append(" budget");
		if (plan.terminationGracePeriod() != null) {
			out.append(" (termination grace period ")
				.append(ShutdownReportTable.duration(plan.terminationGracePeriod()))
				.append(')');
		}
		List<LifecyclePhase> others = phases.stream().filter((phase) -> !phase.ownedByStage()).toList();
		if (!others.isEmpty()) {
			Duration left = plan.budget().minus(plan.plannedTime());
			out.append("; other lifecycle phases wait up to ")
				.append(ShutdownReportTable.duration(phaseTimeout))
				.append(" each, within what the budget has left when they stop (")
				.append(ShutdownReportTable.duration(left.isNegative() ? Duration.ZERO : left))
				.append(" if every stage takes its full time)");
		}
		List<Line> lines = new ArrayList<>();
		for (StagePlan stage : plan.stages()) {
			lines.add(new Line(stopsAt(stage), stage.name(), ShutdownReportTable.duration(stage.timeout()),
					describe(stage, tasks, phases)));
		}
		for (LifecyclePhase phase : others) {
			lines.add(new Line(phase.phase(), phase.name(), "<= " + ShutdownReportTable.duration(phaseTimeout),
					String.join(", ", phase.beanNames()) + (phase.inReport() ? "" : " (after the report)")));
		}
		if (others.stream().anyMatch((phase) -> !phase.inReport())) {
			lines.add(new Line(reportPhase, "(report)", "", "the run's report is finished here, at phase "
					+ reportPhase));
		}
		// Spring stops phases from the highest down; the drain runs before every phase.
		lines.sort(Comparator.comparingLong(Line::stopsAt).reversed());
		int width = Math.max(NAME_WIDTH, lines.stream().mapToInt((line) -> line.name().length()).max().orElse(0));
		for (Line line : lines) {
			out.append(String.format("%n  %-" + width + "s %8s  %s", line.name(), line.time(), line.what()));
		}
		return out.toString();
	}

	/** Where a stage runs among the lifecycle phases; the drain runs before them all. */
	private static long stopsAt(StagePlan stage) {
		return switch (stage.kind()) {
			case DRAIN -> Long.MAX_VALUE;
			case WEB -> ShutdownPhases.WEB_STAGE;
			case APPLICATION -> stage.phase();
		};
	}

	private static String describe(StagePlan stage, Map<String, List<PlannedTask>> tasks,
			List<LifecyclePhase> phases) {
		StringBuilder out = new StringBuilder();
		if (stage.kind() == StageKind.DRAIN) {
			out.append("keep serving until traffic stops");
		}
		else if (stage instanceof StagePlan.Web web && web.immediate()) {
			out.append(StagePlan.Web.IMMEDIATE).append(": in-flight requests are cut off");
		}
		else if (stage.kind() == StageKind.WEB) {
			out.append("web server graceful shutdown (web applications)");
			if (stage.hasTimeoutFromElsewhere()) {
				out.append("; timeout from ").append(stage.timeoutSource());
			}
		}
		else {
			List<PlannedTask> stageTasks = tasks.getOrDefault(stage.name(), List.of());
			out.append("phase ").append(stage.phase()).append(", ");
			out.append(stageTasks.isEmpty() ? "no tasks"
					: String.join(", ", stageTasks.stream().map(PlannedTask::name).toList()));
		}
		phases.stream()
			.filter((phase) -> stage.name().equals(phase.stage()))
			.forEach((phase) -> out.append("; with lifecycle ").append(String.join(", ", phase.beanNames())));
		return out.toString();
	}

	private record Line(long stopsAt, String name, String time, String what) {
	}

}

package dev.orderly.shutdown.internal.engine;

import java.util.List;
import java.util.Map;

import dev.orderly.shutdown.internal.plan.ShutdownPlan;
import dev.orderly.shutdown.internal.plan.StageKind;
import dev.orderly.shutdown.internal.plan.StagePlan;
import dev.orderly.shutdown.internal.report.ShutdownReportTable;

/**
 * The plan as a few lines for the startup log.
 */
final class ShutdownPlanDescription {

	private ShutdownPlanDescription() {
	}

	static String describe(ShutdownPlan plan, Map<String, List<PlannedTask>> tasks) {
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
		for (StagePlan stage : plan.stages()) {
			out.append(String.format("%n  %-10s %8s  ", stage.name(), ShutdownReportTable.duration(stage.timeout())));
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
		}
		return out.toString();
	}

}

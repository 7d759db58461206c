package dev.orderly.shutdown.autoconfigure;

import java.time.Duration;
import java.util.List;

import dev.orderly.shutdown.ShutdownConfigurationException.Problem;
import dev.orderly.shutdown.autoconfigure.OrderlyShutdownProperties.Exit;
import dev.orderly.shutdown.internal.plan.ShutdownPlan;
import dev.orderly.shutdown.internal.report.ShutdownReportTable;
import org.jspecify.annotations.Nullable;

/**
 * Checks {@code orderly.shutdown.exit.*} against the plan: a halt must not cut the
 * starter's own stages (at least the budget) and must come before the platform's SIGKILL
 * (less than the termination grace period, Kubernetes' default when on Kubernetes and
 * unset).
 */
final class ExitCheck {

	/** Kubernetes' default {@code terminationGracePeriodSeconds} (the Pod API's default, 30). */
	static final Duration KUBERNETES_DEFAULT_GRACE_PERIOD = Duration.ofSeconds(30);

	static final String HALT_AFTER = PropertyNames.of("exit.halt-after");

	static final String THREAD_REPORT_DELAY = PropertyNames.of("exit.thread-report-delay");

	private static final String GRACE_PERIOD = PropertyNames.of("termination-grace-period");

	private ExitCheck() {
	}

	static void check(Exit exit, ShutdownPlan plan, String budgetName, boolean kubernetes, List<Problem> problems) {
		if (exit.getThreadReportDelay().isNegative()) {
			problems.add(new Problem(THREAD_REPORT_DELAY, "is " + human(exit.getThreadReportDelay())
					+ ", which is negative", "Set zero or a positive duration such as 2s."));
		}
		Duration haltAfter = exit.getHaltAfter();
		if (haltAfter == null) {
			return;
		}
		Duration budget = plan.budget();
		if (haltAfter.compareTo(budget) < 0) {
			problems.add(new Problem(HALT_AFTER,
					"is " + human(haltAfter) + ", shorter than the budget " + human(budget)
							+ ": it would halt the JVM while the shutdown's stages may still run",
					"Set it to at least " + ShutdownPlanFactory.bindable(budget) + " (" + budgetName
							+ "), and less than the termination grace period; or remove it never to halt."));
			return;
		}
		Duration grace = plan.terminationGracePeriod();
		boolean assumed = grace == null && kubernetes;
		if (assumed) {
			grace = KUBERNETES_DEFAULT_GRACE_PERIOD;
		}
		if (grace != null && haltAfter.compareTo(grace) >= 0) {
			problems.add(new Problem(HALT_AFTER, "is " + human(haltAfter) + ", not less than "
					+ (assumed ? "Kubernetes' default termination grace period " + human(grace) + " (" + GRACE_PERIOD
							+ " is not set)" : GRACE_PERIOD + " " + human(grace))
					+ ": the platform's SIGKILL would end the process first and cut its record short",
					fix(budget, grace, assumed)));
		}
	}

	private static String fix(Duration budget, Duration grace, boolean assumed) {
		String tellGrace = assumed ? "Set " + GRACE_PERIOD + " to the pod's terminationGracePeriodSeconds, and " : "";
		Duration suggested = grace.minusSeconds(1);
		if (suggested.compareTo(budget) < 0) {
			suggested = budget;
		}
		if (suggested.compareTo(grace) >= 0) {
			return tellGrace + "Raise the termination grace period above the budget " + human(budget)
					+ " (the halt comes between them), or remove " + HALT_AFTER + ".";
		}
		return (assumed ? tellGrace + "set " : "Set ") + HALT_AFTER + " to less than it, such as "
				+ ShutdownPlanFactory.bindable(suggested) + ".";
	}

	private static String human(@Nullable Duration value) {
		return (value != null) ? ShutdownReportTable.duration(value) : "";
	}

}

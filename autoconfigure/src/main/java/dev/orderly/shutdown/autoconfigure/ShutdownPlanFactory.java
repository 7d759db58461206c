package dev.orderly.shutdown.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.orderly.shutdown.ShutdownConfigurationException.Problem;
import dev.orderly.shutdown.autoconfigure.OrderlyShutdownProperties.Drain;
import dev.orderly.shutdown.autoconfigure.OrderlyShutdownProperties.Stage;
import dev.orderly.shutdown.engine.ConfigurationProblems;
import dev.orderly.shutdown.engine.SimilarNames;
import dev.orderly.shutdown.plan.ShutdownPhases;
import dev.orderly.shutdown.plan.ShutdownPlan;
import dev.orderly.shutdown.plan.StageKind;
import dev.orderly.shutdown.plan.StagePlan;
import dev.orderly.shutdown.report.ShutdownReportTable;
import dev.orderly.shutdown.web.IgnoredPaths;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Binder;

/**
 * Turns {@link OrderlyShutdownProperties} into a {@link ShutdownPlan}, adding every problem
 * of the properties to the {@link ConfigurationProblems} that fail startup once the tasks
 * have been checked too. A stage with a problem is left out of the plan.
 */
final class ShutdownPlanFactory {

	/** Built-in application stages and their default orders. */
	static final Map<String, Integer> BUILT_IN_ORDERS;

	static {
		Map<String, Integer> orders = new LinkedHashMap<>();
		orders.put("consumers", 100);
		orders.put("flush", 200);
		orders.put("release", 300);
		BUILT_IN_ORDERS = Collections.unmodifiableMap(orders);
	}

	private final OrderlyShutdownProperties properties;

	private final boolean drain;

	private final boolean web;

	private final WebTimeoutSettings webTimeout;

	private final List<Problem> problems;

	private ShutdownPlanFactory(OrderlyShutdownProperties properties, boolean drain, boolean web,
			WebTimeoutSettings webTimeout, List<Problem> problems) {
		this.properties = properties;
		this.drain = drain;
		this.web = web;
		this.webTimeout = webTimeout;
		this.problems = problems;
	}

	/**
	 * Create the plan.
	 * @param properties the bound properties
	 * @param drain whether the application has the drain stage (servlet web applications)
	 * @param web whether it has the web stage (web applications)
	 * @param webTimeout what the user set that decides the web stage's timeout
	 * @param problems where to add the problems found
	 * @return the plan, valid if no problem was added
	 */
	static ShutdownPlan create(OrderlyShutdownProperties properties, boolean drain, boolean web,
			WebTimeoutSettings webTimeout, List<Problem> problems) {
		return new ShutdownPlanFactory(properties, drain, web, webTimeout, problems).create();
	}

	private ShutdownPlan create() {
		requirePositive("timeout", this.properties.getTimeout());
		requireNotNegative("termination-margin", this.properties.getTerminationMargin());
		Drain drain = this.properties.getDrain();
		requirePositive("drain.quiet-period", drain.getQuietPeriod());
		Duration minDelay = (drain.getMinDelay() != null) ? drain.getMinDelay() : Duration.ZERO;
		requireNotNegative("drain.min-delay", minDelay);
		requireNotNegative("drain.max-delay", drain.getMaxDelay());
		if (drain.getMaxDelay().compareTo(minDelay) < 0) {
			this.problems.add(new Problem(PropertyNames.of("drain.max-delay"), "is " + human(drain.getMaxDelay())
					+ ", shorter than drain.min-delay " + human(minDelay),
					"Set drain.max-delay to at least drain.min-delay."));
		}
		List<StagePlan> stages = new ArrayList<>();
		if (this.drain) {
			checkIgnoredPaths(drain.getIgnoredPaths());
			stages.add(new StagePlan(StagePlan.DRAIN, StageKind.DRAIN, Integer.MIN_VALUE, drain.getMaxDelay(), 0,
					List.of()));
		}
		StagePlan webStage = webStage();
		if (this.web) {
			stages.add(webStage);
		}
		stages.addAll(applicationStages());
		ShutdownPlan plan = new ShutdownPlan(this.properties.getTimeout(), this.properties.getTerminationGracePeriod(),
				this.properties.getTerminationMargin(), stages);
		if (isPositive(plan.budget())) {
			checkBudget(plan);
		}
		return plan;
	}

	/**
	 * Only where the servlet drain runs: its filter is what uses the paths, and Spring's path
	 * patterns are on the classpath there.
	 */
	private void checkIgnoredPaths(List<String> patterns) {
		String property = PropertyNames.of("drain.ignored-paths");
		for (int i = 0; i < patterns.size(); i++) {
			try {
				IgnoredPaths.of(List.of(patterns.get(i)));
			}
			catch (IllegalArgumentException ex) {
				this.problems.add(new Problem(property + "[" + i + "]",
						"is '" + patterns.get(i) + "', not a path pattern: " + ex.getMessage(),
						"Set " + property + " to path patterns within the application that start with '/', "
								+ "such as /ping or /internal/**."));
			}
		}
	}

	private StagePlan webStage() {
		Stage web = this.properties.getStages().getOrDefault(StagePlan.WEB, new Stage());
		if (web.getOrder() != null || !web.getBeans().isEmpty()) {
			this.problems.add(new Problem(PropertyNames.stage(StagePlan.WEB),
					"sets order or beans; the web stage always runs second and runs Spring Boot's graceful "
							+ "shutdown only",
					"Set only " + PropertyNames.WEB_TIMEOUT + "."));
		}
		Duration userPhaseTimeout = this.webTimeout.timeoutPerShutdownPhase();
		if (userPhaseTimeout == null || this.webTimeout.webTimeoutSet()) {
			requirePositive("stages.web.timeout", web.getTimeout());
			@Nullable String source = (userPhaseTimeout == null || userPhaseTimeout.equals(web.getTimeout())) ? null
					: PropertyNames.WEB_TIMEOUT + ", over " + PropertyNames.TIMEOUT_PER_SHUTDOWN_PHASE + " "
							+ human(userPhaseTimeout);
			return new StagePlan(StagePlan.WEB, StageKind.WEB, Integer.MIN_VALUE + 1, web.getTimeout(), 0, List.of(),
					source);
		}
		// The user's own bound on Boot's graceful shutdown stays theirs, unless they set ours.
		if (this.web && (userPhaseTimeout.isZero() || userPhaseTimeout.isNegative())) {
			this.problems.add(new Problem(PropertyNames.TIMEOUT_PER_SHUTDOWN_PHASE,
					"is " + human(userPhaseTimeout) + ", which is not positive; it is the web stage's timeout unless "
							+ PropertyNames.WEB_TIMEOUT + " is set",
					"Set a positive duration such as 30s."));
		}
		return new StagePlan(StagePlan.WEB, StageKind.WEB, Integer.MIN_VALUE + 1, userPhaseTimeout, 0, List.of(),
				PropertyNames.TIMEOUT_PER_SHUTDOWN_PHASE);
	}

	private List<StagePlan> applicationStages() {
		if (this.properties.getStages().containsKey(StagePlan.DRAIN)) {
			this.problems.add(new Problem(PropertyNames.stage(StagePlan.DRAIN),
					"is set; the drain always runs first and is bounded by " + PropertyNames.of("drain.max-delay"),
					"Configure the drain with " + PropertyNames.of("drain.*") + "."));
		}
		Map<String, Stage> configured = new LinkedHashMap<>();
		BUILT_IN_ORDERS.keySet().forEach((name) -> configured.put(name, new Stage()));
		configured.putAll(this.properties.getStages());
		configured.remove(StagePlan.DRAIN);
		configured.remove(StagePlan.WEB);
		Map<Integer, String> byOrder = new LinkedHashMap<>();
		List<String> names = new ArrayList<>();
		Map<String, Integer> orders = new LinkedHashMap<>();
		List<String> knownNames = new ArrayList<>(BUILT_IN_ORDERS.keySet());
		knownNames.add(StagePlan.WEB);
		configured.forEach((name, stage) -> {
			if (stage.getOrder() != null) {
				knownNames.add(name);
			}
		});
		configured.forEach((name, stage) -> {
			Integer order = (stage.getOrder() != null) ? stage.getOrder() : BUILT_IN_ORDERS.get(name);
			String typo = (order == null) ? SimilarNames.didYouMean(name, knownNames) : "";
			if (!typo.isEmpty()) {
				// Settings under a name close to a known stage are far more likely a typo than a new stage.
				String meant = SimilarNames.to(name, knownNames).get(0);
				this.problems.add(new Problem(PropertyNames.stage(name), "names stage '" + name
						+ "', which does not exist" + typo, "Rename it to " + PropertyNames.stage(meant) + ", or set "
								+ PropertyNames.stage(name, "order") + " to add a new stage."));
				return;
			}
			if (order == null) {
				this.problems.add(new Problem(PropertyNames.stage(name, "order"), "is missing for the new stage '"
						+ name + "'", "Set an order; built-in stages: " + builtInOrders() + "."));
				return;
			}
			String clash = byOrder.putIfAbsent(order, name);
			if (clash != null) {
				this.problems.add(new Problem(PropertyNames.stage(name, "order"), "is " + order
						+ ", the same as stage '" + clash + "'", "Give every stage its own order."));
				return;
			}
			requirePositive("stages." + name + ".timeout", stage.getTimeout());
			names.add(name);
			orders.put(name, order);
		});
		names.sort(Comparator.comparing(orders::get));
		List<StagePlan> stages = new ArrayList<>();
		for (int index = 0; index < names.size(); index++) {
			String name = names.get(index);
			Stage stage = configured.get(name);
			stages.add(new StagePlan(name, StageKind.APPLICATION, orders.get(name), stage.getTimeout(),
					ShutdownPhases.ofStage(index), stage.getBeans()));
		}
		return stages;
	}

	private static String builtInOrders() {
		return String.join(", ",
				BUILT_IN_ORDERS.entrySet().stream().map((stage) -> stage.getKey() + " " + stage.getValue()).toList());
	}

	private void checkBudget(ShutdownPlan plan) {
		Duration planned = plan.plannedTime();
		if (planned.compareTo(plan.budget()) > 0) {
			this.problems.add(new Problem(PropertyNames.of("timeout"),
					"is " + human(plan.budget()) + ", less than the " + human(planned) + " the stages may take ("
							+ breakdown(plan) + ")",
					"Raise " + PropertyNames.of("timeout") + " to at least " + human(planned)
							+ ", or shorten the stage timeouts"
							+ (webTimeoutFromBoot(plan) ? " (the web stage's: lower "
									+ PropertyNames.TIMEOUT_PER_SHUTDOWN_PHASE + ", or set " + PropertyNames.WEB_TIMEOUT
									+ ")." : ".")));
		}
		Duration grace = plan.terminationGracePeriod();
		if (grace != null && plan.budget().plus(plan.terminationMargin()).compareTo(grace) > 0) {
			this.problems.add(new Problem(PropertyNames.of("termination-grace-period"),
					"is " + human(grace) + ", less than the budget " + human(plan.budget())
							+ " plus the termination margin " + human(plan.terminationMargin()),
					"Raise terminationGracePeriodSeconds (and this property) to at least "
							+ plan.budget().plus(plan.terminationMargin()).toSeconds()
							+ "s, or lower " + PropertyNames.of("timeout") + " to at most "
							+ human(grace.minus(plan.terminationMargin())) + "."));
		}
	}

	private static String breakdown(ShutdownPlan plan) {
		return String.join(" + ", plan.stages().stream()
			.map((stage) -> stage.name() + " " + human(stage.timeout())
					+ (stage.hasTimeoutFromElsewhere() ? " from " + stage.timeoutSource() : ""))
			.toList());
	}

	private static boolean webTimeoutFromBoot(ShutdownPlan plan) {
		return plan.stage(StagePlan.WEB)
			.filter((web) -> PropertyNames.TIMEOUT_PER_SHUTDOWN_PHASE.equals(web.timeoutSource()))
			.isPresent();
	}

	private void requirePositive(String property, Duration value) {
		if (!isPositive(value)) {
			this.problems.add(new Problem(PropertyNames.of(property), "is " + human(value) + ", which is not positive",
					"Set a positive duration such as 5s."));
		}
	}

	private void requireNotNegative(String property, Duration value) {
		if (value.isNegative()) {
			this.problems.add(new Problem(PropertyNames.of(property), "is " + human(value) + ", which is negative",
					"Set zero or a positive duration."));
		}
	}

	private static boolean isPositive(Duration value) {
		return !value.isZero() && !value.isNegative();
	}

	private static String human(Duration value) {
		return ShutdownReportTable.duration(value);
	}

	/**
	 * What the user set that decides the web stage's timeout: Spring Boot's
	 * {@code spring.lifecycle.timeout-per-shutdown-phase}, and whether
	 * {@code orderly.shutdown.stages.web.timeout} was set rather than left at its default.
	 *
	 * @param timeoutPerShutdownPhase the user's value, or {@code null} if not set
	 * @param webTimeoutSet whether the web stage's own timeout was set
	 */
	record WebTimeoutSettings(@Nullable Duration timeoutPerShutdownPhase, boolean webTimeoutSet) {

		static WebTimeoutSettings from(Binder binder) {
			return new WebTimeoutSettings(
					binder.bind(PropertyNames.TIMEOUT_PER_SHUTDOWN_PHASE, Duration.class).orElse(null),
					binder.bind(PropertyNames.WEB_TIMEOUT, Duration.class).isBound());
		}

	}

}

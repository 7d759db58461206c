package dev.orderly.shutdown.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.orderly.shutdown.ShutdownConfigurationException.Problem;
import dev.orderly.shutdown.autoconfigure.OrderlyShutdownProperties.Drain;
import dev.orderly.shutdown.autoconfigure.OrderlyShutdownProperties.Stage;
import dev.orderly.shutdown.internal.drain.IgnoredPaths;
import dev.orderly.shutdown.internal.engine.ConfigurationProblems;
import dev.orderly.shutdown.internal.engine.SimilarNames;
import dev.orderly.shutdown.internal.plan.ShutdownPhases;
import dev.orderly.shutdown.internal.plan.ShutdownPlan;
import dev.orderly.shutdown.internal.plan.StagePlan;
import dev.orderly.shutdown.internal.report.ShutdownReportTable;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Turns {@link OrderlyShutdownProperties}, the web stack and the platform into the
 * {@link ShutdownPlan}, with every setting a stage runs on resolved (defaults of the
 * platform included), so that what is checked here is what runs. Each problem found is
 * added to a list that the auto-configuration hands to the {@link ConfigurationProblems},
 * which fail startup once the tasks have been checked too. A stage with a problem is left
 * out of the plan.
 */
final class ShutdownPlanFactory {

	/** Built-in application stages and their default orders. */
	static final Map<String, Integer> BUILT_IN_ORDERS;

	static {
		Map<String, Integer> orders = new LinkedHashMap<>();
		orders.put(StagePlan.CONSUMERS, 100);
		orders.put(StagePlan.FLUSH, 200);
		orders.put("release", 300);
		BUILT_IN_ORDERS = Collections.unmodifiableMap(orders);
	}

	/** The budget when neither {@code orderly.shutdown.budget} nor its old name is set. */
	static final Duration DEFAULT_BUDGET = Duration.ofSeconds(30);

	/** The web stage's timeout when neither its property nor Spring Boot's phase timeout is set. */
	static final Duration DEFAULT_WEB_TIMEOUT = Duration.ofSeconds(5);

	/** Endpoint propagation to kube-proxy and ingress controllers takes a few seconds. */
	static final Duration KUBERNETES_MIN_DELAY = Duration.ofSeconds(3);

	/**
	 * The adaptive quiet period's default floor: at 200 requests/s, 20 expected arrivals
	 * missed; longer than the pauses of a healthy client or balancer (see docs/drain.md).
	 */
	static final Duration DEFAULT_MIN_QUIET_PERIOD = Duration.ofMillis(100);

	private final OrderlyShutdownProperties properties;

	private final WebStack webStack;

	private final PlatformSettings platform;

	private final List<Problem> problems;

	/** Lifecycle beans the starter stops in a stage unless told otherwise, by stage name. */
	private final Map<String, List<String>> defaultLifecycles;

	/** The name the budget was read from, so that a problem names what the user set. */
	private String budgetName = PropertyNames.BUDGET;

	/** The name the web stage's own timeout was read from. */
	private String webTimeoutName = PropertyNames.WEB_TIMEOUT;

	private ShutdownPlanFactory(OrderlyShutdownProperties properties, WebStack webStack, PlatformSettings platform,
			Map<String, List<String>> defaultLifecycles, List<Problem> problems) {
		this.properties = properties;
		this.webStack = webStack;
		this.platform = platform;
		this.defaultLifecycles = defaultLifecycles;
		this.problems = problems;
	}

	/**
	 * Create the plan. A pure function of its arguments.
	 * @param properties the bound properties
	 * @param webStack the web stack the application runs on, which decides whether the drain
	 * and the web stage are planned
	 * @param platform what the plan takes from outside the starter's properties
	 * @param problems where to add the problems found
	 * @return the plan, valid if no problem was added
	 */
	static ShutdownPlan create(OrderlyShutdownProperties properties, WebStack webStack, PlatformSettings platform,
			List<Problem> problems) {
		return create(properties, webStack, platform, Map.of(), problems);
	}

	/**
	 * Create the plan, with the lifecycle beans the starter stops in a stage by default. A
	 * bean named in any stage's {@code lifecycles} stops where it is named instead.
	 * @param properties the bound properties
	 * @param webStack the web stack the application runs on
	 * @param platform what the plan takes from outside the starter's properties
	 * @param defaultLifecycles lifecycle bean names by the stage they stop in by default
	 * @param problems where to add the problems found
	 * @return the plan, valid if no problem was added
	 */
	static ShutdownPlan create(OrderlyShutdownProperties properties, WebStack webStack, PlatformSettings platform,
			Map<String, List<String>> defaultLifecycles, List<Problem> problems) {
		return new ShutdownPlanFactory(properties, webStack, platform, defaultLifecycles, problems).create();
	}

	/**
	 * The names of the application stages the properties configure, valid or not: the
	 * built-in stages and every other name under {@code orderly.shutdown.stages}. One
	 * {@code SmartLifecycle} bean is registered for each, before the plan exists.
	 * @param configured the names under {@code orderly.shutdown.stages}
	 * @return the names, built-in stages first
	 */
	static Set<String> applicationStageNames(Collection<String> configured) {
		Set<String> names = new LinkedHashSet<>(BUILT_IN_ORDERS.keySet());
		names.addAll(configured);
		names.remove(StagePlan.DRAIN);
		names.remove(StagePlan.WEB);
		return names;
	}

	private ShutdownPlan create() {
		Duration budget = budget();
		requirePositive(this.budgetName, budget);
		requireNotNegative("termination-margin", this.properties.getTerminationMargin());
		List<StagePlan> stages = new ArrayList<>();
		if (this.webStack.hasDrain()) {
			stages.add(drain());
		}
		if (this.webStack.hasWebStage()) {
			stages.add(webStage());
		}
		else {
			// Checked all the same: a conflict is a conflict, web application or not.
			webStage();
		}
		stages.addAll(applicationStages());
		ShutdownPlan plan = new ShutdownPlan(budget, this.properties.getTerminationGracePeriod(),
				this.properties.getTerminationMargin(), stages);
		if (isPositive(plan.budget())) {
			checkBudget(plan);
		}
		ExitCheck.check(this.properties.getExit(), plan, this.budgetName, this.platform.kubernetes(), this.problems);
		return plan;
	}

	/**
	 * The deprecated names the properties use, each with the name that replaces it. Set to
	 * the same value under both names (as spring-boot-properties-migrator does) is no
	 * problem, only a deprecated name in use.
	 * @param properties the bound properties
	 * @return the deprecated name in use and its replacement, in a stable order
	 */
	@SuppressWarnings("deprecation")
	static Map<String, String> deprecatedNamesInUse(OrderlyShutdownProperties properties) {
		Map<String, String> used = new LinkedHashMap<>();
		if (properties.getTimeout() != null) {
			used.put(PropertyNames.DEPRECATED_BUDGET, PropertyNames.BUDGET);
		}
		if (properties.getStages().containsKey(StagePlan.WEB)) {
			used.put(PropertyNames.DEPRECATED_WEB_TIMEOUT, PropertyNames.WEB_TIMEOUT);
		}
		return used;
	}

	@SuppressWarnings("deprecation")
	private Duration budget() {
		Duration budget = this.properties.getBudget();
		Duration old = this.properties.getTimeout();
		if (budget != null && old != null && !budget.equals(old)) {
			this.problems.add(bothSet(PropertyNames.BUDGET, budget, PropertyNames.DEPRECATED_BUDGET, old));
		}
		if (budget == null && old != null) {
			this.budgetName = PropertyNames.DEPRECATED_BUDGET;
			return old;
		}
		return (budget != null) ? budget : DEFAULT_BUDGET;
	}

	private static Problem bothSet(String property, Duration value, String oldName, Duration oldValue) {
		return new Problem(property,
				"is " + human(value) + ", and its deprecated old name " + oldName + " is " + human(oldValue),
				"Remove " + oldName + " and keep " + property + ".");
	}

	/**
	 * The drain as it will run: the platform's default min delay is part of what is checked.
	 */
	private StagePlan.Drain drain() {
		Drain drain = this.properties.getDrain();
		requirePositive(PropertyNames.of("drain.quiet-period"), drain.getQuietPeriod());
		String minDelayName = PropertyNames.of("drain.min-delay");
		String maxDelayName = PropertyNames.of("drain.max-delay");
		Duration minDelay = drain.getMinDelay();
		String minDelaySource = minDelayName + " (" + ((minDelay != null) ? human(minDelay) : "") + ")";
		if (minDelay == null) {
			minDelay = this.platform.kubernetes() ? KUBERNETES_MIN_DELAY : Duration.ZERO;
			minDelaySource = minDelayName + " (default " + human(minDelay)
					+ (this.platform.kubernetes() ? " on Kubernetes)" : ")");
		}
		requireNotNegative(minDelayName, minDelay);
		Duration maxDelay = drain.getMaxDelay();
		if (maxDelay.isNegative()) {
			requireNotNegative(maxDelayName, maxDelay);
		}
		else if (maxDelay.compareTo(minDelay) < 0) {
			this.problems.add(new Problem(maxDelayName, "is " + human(maxDelay) + ", shorter than " + minDelaySource,
					"Set " + maxDelayName + " to at least " + bindable(minDelay)
							+ ((drain.getMinDelay() == null) ? ", or set " + minDelayName + "." : ".")));
		}
		checkIgnoredPaths(drain.getIgnoredPaths());
		return new StagePlan.Drain(drain.getQuietPeriod(), minDelay, drain.getMaxDelay(), drain.getIgnoredPaths(),
				minQuietPeriod(drain), balancerFailureThreshold(drain));
	}

	/**
	 * The floor of the adaptive quiet period; its ceiling is the quiet period. By default
	 * 100 ms, or the quiet period if that is shorter, so that a short quiet period set before
	 * the floor existed still starts (it then stays fixed).
	 */
	private Duration minQuietPeriod(Drain drain) {
		Duration ceiling = drain.getQuietPeriod();
		Duration floor = drain.getMinQuietPeriod();
		if (floor == null) {
			return (ceiling.compareTo(DEFAULT_MIN_QUIET_PERIOD) < 0) ? ceiling : DEFAULT_MIN_QUIET_PERIOD;
		}
		String floorName = PropertyNames.of("drain.min-quiet-period");
		String ceilingName = PropertyNames.of("drain.quiet-period");
		if (!isPositive(floor)) {
			this.problems.add(new Problem(floorName, "is " + human(floor) + ", which is not positive",
					"Set a positive duration such as 100ms: the drain then waits at least that long after the "
							+ "last request."));
		}
		else if (isPositive(ceiling) && floor.compareTo(ceiling) > 0) {
			this.problems.add(new Problem(floorName,
					"is " + human(floor) + ", longer than " + ceilingName + " (" + human(ceiling)
							+ "), the most the drain waits for silence",
					"Set " + floorName + " to at most " + bindable(ceiling) + " (equal to " + ceilingName
							+ ", the drain always waits the full quiet period), or raise " + ceilingName + "."));
		}
		return floor;
	}

	/** A balancer stops routing only after at least one failed check. */
	private @Nullable Integer balancerFailureThreshold(Drain drain) {
		Integer threshold = drain.getBalancerFailureThreshold();
		if (threshold != null && threshold < 1) {
			String name = PropertyNames.of("drain.balancer-failure-threshold");
			this.problems.add(new Problem(name, "is " + threshold + ", but a load balancer stops routing only after "
					+ "at least one failed readiness check",
					"Set " + name + " to your balancer's failure count (HAProxy 'fall', Kubernetes readiness "
							+ "'failureThreshold'), such as 3, or remove it."));
		}
		return threshold;
	}

	/**
	 * Only where the drain runs: its filter is what uses the paths, and Spring's path
	 * patterns are on the classpath there. A pattern matching every path would hide all
	 * traffic from the drain, which would then end at once and let the server refuse
	 * requests still on their way.
	 */
	private void checkIgnoredPaths(List<String> patterns) {
		String property = PropertyNames.of("drain.ignored-paths");
		for (int i = 0; i < patterns.size(); i++) {
			String pattern = patterns.get(i);
			try {
				if (IgnoredPaths.of(List.of(pattern)).matchingEveryPath() != null) {
					this.problems.add(new Problem(property + "[" + i + "]", "is '" + pattern
							+ "', which matches every path, so no request would count as traffic and the drain "
							+ "would not wait for any",
							"Set " + property + " to the paths that are not traffic only, such as /ping or "
									+ "/internal/**."));
				}
			}
			catch (IllegalArgumentException ex) {
				this.problems.add(new Problem(property + "[" + i + "]",
						"is '" + pattern + "', not a path pattern: " + ex.getMessage(),
						"Set " + property + " to path patterns within the application that start with '/', "
								+ "such as /ping or /internal/**."));
			}
		}
	}

	private StagePlan.Web webStage() {
		Duration timeout = webTimeout();
		if (this.platform.immediateServerShutdown()) {
			// No graceful shutdown to wait for: the server's stop cuts off what is in flight.
			return StagePlan.Web.immediateShutdown();
		}
		Duration userPhaseTimeout = this.platform.timeoutPerShutdownPhase();
		if (userPhaseTimeout == null || timeout != null) {
			Duration own = (timeout != null) ? timeout : DEFAULT_WEB_TIMEOUT;
			requirePositive(this.webTimeoutName, own);
			@Nullable String source = (userPhaseTimeout == null || userPhaseTimeout.equals(own)) ? null
					: this.webTimeoutName + ", over " + PropertyNames.TIMEOUT_PER_SHUTDOWN_PHASE + " "
							+ human(userPhaseTimeout);
			return new StagePlan.Web(own, source);
		}
		// The user's own bound on Boot's graceful shutdown stays theirs, unless they set ours.
		if (this.webStack.hasWebStage() && !isPositive(userPhaseTimeout)) {
			this.problems.add(new Problem(PropertyNames.TIMEOUT_PER_SHUTDOWN_PHASE,
					"is " + human(userPhaseTimeout) + ", which is not positive; it is the web stage's timeout unless "
							+ PropertyNames.WEB_TIMEOUT + " is set",
					"Set a positive duration such as 30s."));
		}
		return new StagePlan.Web(userPhaseTimeout, PropertyNames.TIMEOUT_PER_SHUTDOWN_PHASE);
	}

	/**
	 * The web stage's own timeout, under its name or its deprecated old name, or
	 * {@code null} if neither is set.
	 */
	private @Nullable Duration webTimeout() {
		Duration timeout = this.properties.getWeb().getTimeout();
		Stage old = this.properties.getStages().get(StagePlan.WEB);
		if (old == null) {
			return timeout;
		}
		if (old.getOrder() != null || !old.getBeans().isEmpty() || !old.getLifecycles().isEmpty()) {
			this.problems.add(new Problem(PropertyNames.stage(StagePlan.WEB),
					"sets order, beans or lifecycles; the web stage always runs second and runs Spring Boot's graceful "
							+ "shutdown only",
					"Set only " + PropertyNames.WEB_TIMEOUT + "."));
		}
		if (timeout != null) {
			if (!timeout.equals(old.getTimeout())) {
				this.problems.add(bothSet(PropertyNames.WEB_TIMEOUT, timeout, PropertyNames.DEPRECATED_WEB_TIMEOUT,
						old.getTimeout()));
			}
			return timeout;
		}
		this.webTimeoutName = PropertyNames.DEPRECATED_WEB_TIMEOUT;
		return old.getTimeout();
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
				// The web stage's settings moved out of the stages: point to where they are now.
				String rename = StagePlan.WEB.equals(meant) ? "Set " + PropertyNames.WEB_TIMEOUT + " instead"
						: "Rename it to " + PropertyNames.stage(meant);
				this.problems.add(new Problem(PropertyNames.stage(name),
						"names stage '" + name + "', which does not exist" + typo, rename + ", or set "
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
		Map<String, List<String>> lifecycles = lifecycleMembers(names, configured);
		List<StagePlan> stages = new ArrayList<>();
		for (int index = 0; index < names.size(); index++) {
			String name = names.get(index);
			Stage stage = configured.get(name);
			stages.add(new StagePlan.Application(name, orders.get(name), stage.getTimeout(),
					ShutdownPhases.ofStage(index), stage.getBeans(), lifecycles.get(name)));
		}
		return stages;
	}

	/**
	 * The lifecycle beans each stage stops: those its {@code lifecycles} name, then the
	 * defaults placed in it that no stage names. A bean named twice is a problem: it can stop
	 * in one place only.
	 */
	private Map<String, List<String>> lifecycleMembers(List<String> stageNames, Map<String, Stage> configured) {
		Map<String, List<String>> members = new LinkedHashMap<>();
		Map<String, String> stageOf = new LinkedHashMap<>();
		for (String name : stageNames) {
			List<String> named = new ArrayList<>();
			List<String> lifecycles = configured.get(name).getLifecycles();
			for (int i = 0; i < lifecycles.size(); i++) {
				String bean = lifecycles.get(i);
				String previous = stageOf.putIfAbsent(bean, name);
				if (previous != null) {
					this.problems.add(new Problem(PropertyNames.stage(name, "lifecycles") + "[" + i + "]",
							"names lifecycle bean '" + bean + "', which "
									+ (previous.equals(name) ? "it names already"
											: PropertyNames.stage(previous, "lifecycles") + " names already"),
							"Name each lifecycle bean in one stage only: it stops in one place."));
				}
				else {
					named.add(bean);
				}
			}
			members.put(name, named);
		}
		this.defaultLifecycles.forEach((stage, beans) -> {
			List<String> stageMembers = members.get(stage);
			if (stageMembers != null) {
				beans.stream().filter((bean) -> stageOf.putIfAbsent(bean, stage) == null).forEach(stageMembers::add);
			}
		});
		return members;
	}

	private static String builtInOrders() {
		return String.join(", ",
				BUILT_IN_ORDERS.entrySet().stream().map((stage) -> stage.getKey() + " " + stage.getValue()).toList());
	}

	private void checkBudget(ShutdownPlan plan) {
		Duration planned = plan.plannedTime();
		if (planned.compareTo(plan.budget()) > 0) {
			this.problems.add(new Problem(this.budgetName,
					"is " + human(plan.budget()) + ", less than the " + human(planned) + " the stages may take ("
							+ breakdown(plan) + ")",
					"Raise " + this.budgetName + " to at least " + bindable(planned)
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
							+ "s, or lower " + this.budgetName + " to at most "
							+ bindable(grace.minus(plan.terminationMargin())) + "."));
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
			this.problems.add(new Problem(fullName(property), "is " + human(value) + ", which is not positive",
					"Set a positive duration such as 5s."));
		}
	}

	private void requireNotNegative(String property, Duration value) {
		if (value.isNegative()) {
			this.problems.add(new Problem(fullName(property), "is " + human(value) + ", which is negative",
					"Set zero or a positive duration."));
		}
	}

	private static String fullName(String property) {
		return property.startsWith(PropertyNames.PREFIX + ".") ? property : PropertyNames.of(property);
	}

	private static boolean isPositive(Duration value) {
		return !value.isZero() && !value.isNegative();
	}

	private static String human(Duration value) {
		return ShutdownReportTable.duration(value);
	}

	/** A duration as a user sets it, such as {@code 3s} or {@code 1500ms}: what a "Fix:" suggests. */
	static String bindable(Duration value) {
		return (value.toMillisPart() == 0 && value.toNanosPart() == 0) ? value.toSeconds() + "s"
				: value.toMillis() + "ms";
	}

	/**
	 * What the plan takes from outside the starter's properties.
	 *
	 * @param kubernetes whether the application runs on Kubernetes, where the drain waits at
	 * least {@link #KUBERNETES_MIN_DELAY} by default
	 * @param timeoutPerShutdownPhase Spring Boot's
	 * {@code spring.lifecycle.timeout-per-shutdown-phase} if the user set it, else
	 * {@code null}
	 * @param immediateServerShutdown whether Spring Boot's {@code server.shutdown} is
	 * {@code immediate} rather than {@code graceful}, its default
	 */
	record PlatformSettings(boolean kubernetes, @Nullable Duration timeoutPerShutdownPhase,
			boolean immediateServerShutdown) {

		PlatformSettings(boolean kubernetes, @Nullable Duration timeoutPerShutdownPhase) {
			this(kubernetes, timeoutPerShutdownPhase, false);
		}

		static PlatformSettings from(Environment environment) {
			Binder binder = Binder.get(environment);
			// Read as text, not as Boot's Shutdown enum, which a non-web application may lack;
			// Boot binds its enum values case-insensitively, as this does.
			boolean immediate = binder.bind(PropertyNames.SERVER_SHUTDOWN, String.class)
				.map((value) -> "immediate".equalsIgnoreCase(value.trim()))
				.orElse(false);
			return new PlatformSettings(CloudPlatform.KUBERNETES.isActive(environment),
					binder.bind(PropertyNames.TIMEOUT_PER_SHUTDOWN_PHASE, Duration.class).orElse(null), immediate);
		}

	}

}

package dev.orderly.shutdown.internal.engine;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.orderly.shutdown.OnShutdown;
import dev.orderly.shutdown.ShutdownConfigurationException.Problem;
import dev.orderly.shutdown.ShutdownContext;
import dev.orderly.shutdown.ShutdownTask;
import dev.orderly.shutdown.ShutdownTaskRegistration;
import dev.orderly.shutdown.internal.cleanup.AdoptedBeanCleanup;
import dev.orderly.shutdown.internal.cleanup.BeanCleanup;
import dev.orderly.shutdown.internal.cleanup.BeanCleanupInspector;
import dev.orderly.shutdown.internal.engine.OnShutdownMethodCollector.AnnotatedMethod;
import dev.orderly.shutdown.internal.plan.ShutdownPlan;
import dev.orderly.shutdown.internal.plan.StagePlan;
import dev.orderly.shutdown.internal.report.ShutdownReportTable;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

/**
 * Once every singleton exists, gathers the tasks of each stage ({@link ShutdownTaskRegistration}
 * beans, {@code @OnShutdown} methods and adopted beans), validates them all at once, hands
 * them to the engine and logs the plan. The {@code @OnShutdown} methods of lazy singletons
 * not created yet are validated by bean type and join their stage when the bean is
 * created, even during the run as long as the stage has not begun. Any problem, its own or one found earlier in
 * {@link ConfigurationProblems}, fails startup with a
 * {@link dev.orderly.shutdown.ShutdownConfigurationException}.
 */
public final class ShutdownTaskCollector implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(ShutdownTaskCollector.class);

	/** Prefix of the singletons that watch the lifecycle phases the starter does not own. */
	private static final String PHASE_WATCHER_PREFIX = "orderlyShutdownPhaseWatcher.";

	private static final Set<String> BUILT_IN_WEB_STAGES = Set.of(StagePlan.DRAIN, StagePlan.WEB);

	private static final ShutdownTask NOT_CREATED = (context) -> {
		throw new IllegalStateException("The bean has not been created");
	};

	private final ShutdownEngine engine;

	private final ConfigurableListableBeanFactory beanFactory;

	private final OnShutdownMethodCollector annotatedMethods;

	private final Environment environment;

	private final BeanCleanupInspector inspector;

	private final ConfigurationProblems configurationProblems;

	private final List<Problem> problems = new ArrayList<>();

	private final Map<String, List<PlannedTask>> tasks = new LinkedHashMap<>();

	/** Tasks of lazy singletons not created yet, validated by bean type at startup. */
	private final Map<MethodKey, PlannedTask> lazyTasks = new ConcurrentHashMap<>();

	private final List<StageTaskContributor> contributors;

	public ShutdownTaskCollector(ShutdownEngine engine, ConfigurableListableBeanFactory beanFactory,
			OnShutdownMethodCollector annotatedMethods, Environment environment,
			ConfigurationProblems configurationProblems) {
		this(engine, beanFactory, annotatedMethods, environment, configurationProblems, List.of());
	}

	public ShutdownTaskCollector(ShutdownEngine engine, ConfigurableListableBeanFactory beanFactory,
			OnShutdownMethodCollector annotatedMethods, Environment environment,
			ConfigurationProblems configurationProblems, List<StageTaskContributor> contributors) {
		this.contributors = List.copyOf(contributors);
		this.engine = engine;
		this.beanFactory = beanFactory;
		this.annotatedMethods = annotatedMethods;
		this.environment = environment;
		this.inspector = new BeanCleanupInspector(beanFactory);
		this.configurationProblems = configurationProblems;
	}

	@Override
	public void afterSingletonsInstantiated() {
		ShutdownPlan plan = this.engine.plan();
		plan.applicationStages().forEach((stage) -> this.tasks.put(stage.name(), new ArrayList<>()));
		this.beanFactory.getBeansOfType(ShutdownTaskRegistration.class, false, false).forEach(this::addRegistration);
		List<AnnotatedMethod> created = this.annotatedMethods.methods();
		created.forEach(this::addAnnotatedMethod);
		addMethodsOfBeansNotCreated(created.stream().map(AnnotatedMethod::beanName).collect(Collectors.toSet()));
		Set<String> adopted = addAdoptedBeans(plan);
		addContributedTasks(plan);
		this.problems.forEach(this.configurationProblems::add);
		this.configurationProblems.throwIfAny();
		List<BeanCleanup> untimed = this.inspector.untimed(adopted);
		this.engine.useTasks(this.tasks, untimed);
		useLifecyclePhases(plan);
		logPlan(plan, untimed);
		warnIfNoShutdownHook();
		this.annotatedMethods.handLaterMethodsTo(created.size(), this::addMethodOfBeanCreatedLater);
	}

	private void addRegistration(String beanName, ShutdownTaskRegistration registration) {
		PlannedTask task = validate("ShutdownTaskRegistration bean '" + beanName + "'", "bean '" + beanName + "'",
				registration.stage(), registration.name(), registration.timeout(), registration.task(), this.problems);
		if (task != null) {
			this.tasks.get(task.stage()).add(task);
		}
	}

	private void addAnnotatedMethod(AnnotatedMethod annotated) {
		if (!isSingleton(annotated.beanName()) || isScopedProxy(annotated.beanName())) {
			return; // reported by addMethodsOfBeansNotCreated, which sees every non-singleton
		}
		PlannedTask task = validateMethod(annotated.beanName(), annotated.targetClass(), annotated.method(),
				annotated.annotation(), this.problems);
		Problem unreachable = unreachableThroughProxy(annotated);
		if (unreachable != null) {
			this.problems.add(unreachable);
		}
		else if (task != null) {
			this.tasks.get(task.stage()).add(withInvoker(task, annotated));
		}
	}

	/**
	 * A CGLIB proxy cannot override a final method, so a call on the proxy runs on the proxy
	 * instance, whose fields are all null, and none of the proxy's advice applies. Calling the
	 * bean behind it instead would hide that the advice (a transaction, say) is skipped.
	 */
	private static @Nullable Problem unreachableThroughProxy(AnnotatedMethod annotated) {
		if (!AopUtils.isCglibProxy(annotated.bean()) || !Modifier.isFinal(annotated.method().getModifiers())) {
			return null;
		}
		return new Problem(annotated.describe(),
				"is final, so the proxy of bean '" + annotated.beanName() + "' cannot pass the call to the bean",
				"Remove final from the method.");
	}

	/**
	 * Validate, by their bean type and without creating them, the {@code @OnShutdown} methods of
	 * beans not created at startup: a lazy singleton's task is planned, to run if the bean is
	 * created before its stage begins; a bean of another scope has no single instance to clean
	 * up, which fails startup.
	 */
	private void addMethodsOfBeansNotCreated(Set<String> created) {
		for (String beanName : this.beanFactory.getBeanDefinitionNames()) {
			// A factory bean exists from startup, but the object it makes may be created later.
			boolean exists = this.beanFactory.containsSingleton(beanName) && !this.beanFactory.isFactoryBean(beanName);
			if (exists || created.contains(beanName) || isScopedProxy(beanName)
					|| this.beanFactory.getMergedBeanDefinition(beanName).isAbstract()) {
				continue;
			}
			Class<?> type = predictedType(beanName);
			if (type == null) {
				continue; // validated when the bean is created, if it is
			}
			OnShutdownMethodCollector.annotatedMethods(type).forEach((method, annotation) -> {
				if (isSingleton(beanName)) {
					PlannedTask task = validateMethod(beanName, type, method, annotation, this.problems);
					if (task != null) {
						this.lazyTasks.put(new MethodKey(beanName, method), task);
					}
				}
				else {
					String name = ScopedProxyUtils.isScopedTarget(beanName)
							? ScopedProxyUtils.getOriginalBeanName(beanName) : beanName;
					this.problems.add(new Problem(AnnotatedMethod.describe(type, method), "is on bean '" + name
							+ "' of scope '" + this.beanFactory.getMergedBeanDefinition(beanName).getScope()
							+ "'; only a singleton has one instance for the shutdown to clean up", "Make '" + name
									+ "' a singleton, or move the cleanup to a singleton that keeps track of the instances."));
				}
			});
		}
	}

	private @Nullable Class<?> predictedType(String beanName) {
		try {
			Class<?> type = this.beanFactory.getType(beanName, false);
			return (type != null) ? ClassUtils.getUserClass(type) : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * Plan the task of a bean created after startup, or during the run before its stage.
	 */
	private void addMethodOfBeanCreatedLater(AnnotatedMethod annotated) {
		if (!isSingleton(annotated.beanName()) || isScopedProxy(annotated.beanName())) {
			return;
		}
		PlannedTask task = this.lazyTasks.remove(new MethodKey(annotated.beanName(), annotated.method()));
		// A problem of a bean created now can only be logged: its type was not known at
		// startup, or (a proxy) only its instance shows the problem.
		List<Problem> problems = new ArrayList<>();
		if (task == null) {
			task = validateMethod(annotated.beanName(), annotated.targetClass(), annotated.method(),
					annotated.annotation(), problems);
		}
		Problem unreachable = unreachableThroughProxy(annotated);
		if (unreachable != null) {
			problems.add(unreachable);
		}
		problems.forEach((problem) -> logger.warn("Bean '" + annotated.beanName() + "' was created after startup "
				+ "and its @OnShutdown method does not run at shutdown: " + problem.subject() + " "
				+ problem.description() + ". Fix: " + problem.action()));
		if (task == null || unreachable != null) {
			return;
		}
		if (!this.engine.addTask(withInvoker(task, annotated))) {
			logger.warn("Bean '" + annotated.beanName() + "' was created during the shutdown run, after stage '"
					+ task.stage() + "' began: " + annotated.describe() + " does not run");
		}
	}

	private @Nullable PlannedTask validateMethod(String beanName, Class<?> type, Method method,
			OnShutdown annotation, List<Problem> problems) {
		String subject = AnnotatedMethod.describe(type, method);
		Class<?>[] parameters = method.getParameterTypes();
		if (parameters.length > 1 || (parameters.length == 1 && parameters[0] != ShutdownContext.class)) {
			problems.add(new Problem(subject, "takes parameters " + List.of(parameters),
					"Declare no parameter, or a single ShutdownContext parameter."));
			return null;
		}
		Duration timeout = parseTimeout(subject, annotation.timeout(), problems);
		String name = StringUtils.hasText(annotation.name()) ? annotation.name() : beanName + "." + method.getName();
		return validate(subject, "@OnShutdown " + type.getSimpleName() + "." + method.getName() + "()",
				annotation.stage(), name, timeout, NOT_CREATED, problems);
	}

	private @Nullable Duration parseTimeout(String subject, String value, List<Problem> problems) {
		if (!StringUtils.hasText(value)) {
			return null;
		}
		try {
			return DurationStyle.detectAndParse(this.environment.resolveRequiredPlaceholders(value));
		}
		catch (RuntimeException ex) {
			problems.add(new Problem(subject, "has timeout '" + value + "', which is not a duration",
					"Use a duration such as 500ms, 5s or PT5S."));
			return Duration.ZERO;
		}
	}

	private static PlannedTask withInvoker(PlannedTask task, AnnotatedMethod annotated) {
		Method method = AopUtils.selectInvocableMethod(annotated.method(), annotated.bean().getClass());
		ReflectionUtils.makeAccessible(method);
		boolean takesContext = method.getParameterCount() == 1;
		return new PlannedTask(task.stage(), task.name(), task.source(), task.timeout(),
				(context) -> method.invoke(annotated.bean(), takesContext ? new Object[] { context } : new Object[0]));
	}

	private boolean isSingleton(String beanName) {
		// Beans without a definition (registered instances, inner beans) have one instance too.
		return !this.beanFactory.containsBeanDefinition(beanName) || this.beanFactory.isSingleton(beanName);
	}

	private boolean isScopedProxy(String beanName) {
		// The proxy stands for a bean of another scope: that bean is reported, not the proxy.
		return this.beanFactory.containsBeanDefinition(ScopedProxyUtils.getTargetBeanName(beanName));
	}

	private Set<String> addAdoptedBeans(ShutdownPlan plan) {
		Map<String, String> adoptedBy = new HashMap<>();
		Set<String> ended = new LinkedHashSet<>();
		for (StagePlan stage : plan.applicationStages()) {
			String property = stageProperty(stage.name(), "beans");
			for (String beanName : stage.adoptedBeans()) {
				String previous = adoptedBy.putIfAbsent(beanName, stage.name());
				if (previous != null) {
					this.problems.add(new Problem(property, "adopts bean '" + beanName
							+ "', which stage '" + previous + "' adopts already",
							"Adopt each bean in one stage only."));
				}
				else if (!this.beanFactory.containsBeanDefinition(beanName)) {
					this.problems.add(new Problem(property, "names bean '" + beanName + "', which does not exist"
							+ SimilarNames.didYouMean(beanName, List.of(this.beanFactory.getBeanDefinitionNames())),
							"Use the name of a singleton bean."));
				}
				else if (this.beanFactory.containsSingleton(beanName) && this.inspector.inspect(beanName).isEmpty()) {
					this.problems.add(new Problem(property, "names bean '" + beanName
							+ "', which has no cleanup (no destroy method, DisposableBean, close() or @PreDestroy)",
							"Remove it from the list, or register its cleanup as a ShutdownTask instead."));
				}
				else {
					Set<String> dependents = this.inspector.dependents(beanName);
					String source = "adopted bean '" + beanName + "'"
							+ (dependents.isEmpty() ? "" : " (also ends " + String.join(", ", dependents) + ")");
					PlannedTask task = validate(property, source, stage.name(), "bean:" + beanName, null,
							new AdoptedBeanCleanup((DefaultSingletonBeanRegistry) this.beanFactory, beanName),
							this.problems);
					if (task != null) {
						this.tasks.get(task.stage()).add(task);
					}
					ended.add(beanName);
					ended.addAll(dependents);
				}
			}
		}
		return ended;
	}

	private void addContributedTasks(ShutdownPlan plan) {
		for (StageTaskContributor contributor : this.contributors) {
			for (StageTaskContributor.Contribution contribution : contributor.tasks(plan, this.problems)) {
				PlannedTask task = validate(contribution.subject(), contribution.source(), contribution.stage(),
						contribution.name(), null, contribution.task(), this.problems);
				if (task != null) {
					this.tasks.get(task.stage()).add(task);
				}
			}
		}
	}

	private @Nullable PlannedTask validate(String subject, String source, String stageName, String name,
			@Nullable Duration timeout, ShutdownTask task, List<Problem> problems) {
		Optional<StagePlan> found = this.engine.plan().stage(stageName);
		boolean builtIn = BUILT_IN_WEB_STAGES.contains(stageName);
		if (found.isEmpty() || !found.get().isApplication()) {
			String why = builtIn ? "names stage '" + stageName + "', which is run by Spring Boot and takes no tasks"
					: "names stage '" + stageName + "', which does not exist"
							+ SimilarNames.didYouMean(stageName, this.tasks.keySet());
			problems.add(new Problem(subject, why, "Use one of the application stages "
					+ String.join(", ", this.tasks.keySet()) + ", or add a stage with "
					+ stageProperty(stageName, "order") + "."));
			return null;
		}
		StagePlan stage = found.get();
		Duration effective = (timeout != null) ? timeout : stage.timeout();
		if (effective.isZero() || effective.isNegative()) {
			problems.add(new Problem(subject, "has timeout " + ShutdownReportTable.duration(effective)
					+ ", which is not positive",
					"Use a positive timeout such as 5s, or none to take the stage's timeout."));
		}
		else if (effective.compareTo(stage.timeout()) > 0) {
			problems.add(new Problem(subject, "has timeout " + ShutdownReportTable.duration(effective)
					+ ", longer than the timeout " + ShutdownReportTable.duration(stage.timeout()) + " of stage '"
					+ stage.name() + "'",
					"Shorten the task's timeout or raise " + stageProperty(stage.name(), "timeout") + "."));
		}
		else if (isTaken(stage.name(), name)) {
			problems.add(new Problem(subject, "uses task name '" + name + "', already taken in stage '"
					+ stage.name() + "'", "Give each task of a stage its own name."));
		}
		else {
			return new PlannedTask(stage.name(), name, source, effective, task);
		}
		return null;
	}

	/** The stage settings this class names; the plan's own problems are named in the autoconfigure package. */
	private static String stageProperty(String stage, String setting) {
		return "orderly.shutdown.stages." + stage + "." + setting;
	}

	private boolean isTaken(String stage, String name) {
		return Stream
			.of(this.tasks.getOrDefault(stage, List.of()), this.lazyTasks.values(),
					this.engine.tasks().getOrDefault(stage, List.of()))
			.flatMap(Collection::stream)
			.anyMatch((task) -> task.stage().equals(stage) && task.name().equals(name));
	}

	private void logPlan(ShutdownPlan plan, List<BeanCleanup> untimed) {
		if (!logger.isInfoEnabled()) {
			return;
		}
		Map<String, List<PlannedTask>> planned = new LinkedHashMap<>();
		this.tasks.forEach((stage, stageTasks) -> planned.put(stage, new ArrayList<>(stageTasks)));
		this.lazyTasks.values()
			.forEach((task) -> planned.get(task.stage())
				.add(new PlannedTask(task.stage(), task.name() + " (lazy bean: runs if created)", task.source(),
						task.timeout(), task.task())));
		StringBuilder message = new StringBuilder(ShutdownPlanDescription.describe(plan, planned,
				this.engine.lifecyclePhases(), this.engine.phaseTimeout(), this.engine.reportPhase()));
		if (!untimed.isEmpty()) {
			message.append("\n  Cleanup still untimed in bean destruction, after every stage: ")
				.append(String.join(", ", untimed.stream().map(BeanCleanup::toString).toList()))
				.append("\n  (adopt into a stage with orderly.shutdown.stages.<stage>.beans)");
		}
		logger.info(message);
	}

	/**
	 * Find the lifecycle beans Spring will stop, by phase, and watch each phase the starter
	 * does not own with a hook that bounds Spring's wait for it by the budget and reports it.
	 * The hooks are registered as singletons now, not as bean definitions, so that Spring AOT
	 * processing sees none of them.
	 */
	private void useLifecyclePhases(ShutdownPlan plan) {
		// A bean a stage stops itself is left out of Spring's stop at its own phase.
		Set<String> moved = plan.applicationStages()
			.stream()
			.flatMap((stage) -> stage.lifecycles().stream())
			.collect(Collectors.toSet());
		List<LifecyclePhase> phases = LifecyclePhases.find(this.beanFactory, plan, moved);
		this.engine.useLifecyclePhases(phases);
		Set<Integer> taken = LifecyclePhases.taken(this.beanFactory);
		for (LifecyclePhase phase : phases) {
			if (!phase.ownedByStage()) {
				int watcher = LifecyclePhases.watcherPhase(phase.phase(), taken);
				this.beanFactory.registerSingleton(PHASE_WATCHER_PREFIX + phase.phase(), new ShutdownPhaseHook(
						this.engine, watcher, () -> this.engine.beginLifecyclePhase(phase, watcher != phase.phase())));
			}
		}
		warnIfStagesTakeTheWholeBudget(plan, phases);
	}

	private static void warnIfStagesTakeTheWholeBudget(ShutdownPlan plan, List<LifecyclePhase> phases) {
		List<String> others = phases.stream()
			.filter((phase) -> !phase.ownedByStage() && phase.inReport())
			.map((phase) -> phase.phase() + " (" + String.join(", ", phase.beanNames()) + ")")
			.toList();
		if (!others.isEmpty() && plan.plannedTime().compareTo(plan.budget()) >= 0) {
			logger.warn("The stages take the whole orderly.shutdown.budget ("
					+ ShutdownReportTable.duration(plan.plannedTime()) + " of "
					+ ShutdownReportTable.duration(plan.budget()) + "): the lifecycle phases " + String.join(", ", others)
					+ " get only the time the stages leave unused, and Spring does not wait for them if every stage "
					+ "takes its full time. Raise orderly.shutdown.budget, or shorten the stage timeouts.");
		}
	}

	private void warnIfNoShutdownHook() {
		if (!this.environment.getProperty("spring.main.register-shutdown-hook", Boolean.class, true)) {
			logger.warn("spring.main.register-shutdown-hook is false: SIGTERM and Ctrl-C will not run the shutdown "
					+ "stages. Remove the property, or call OrderlyShutdown.initiate() or context.close() yourself.");
		}
	}

	/**
	 * An {@code @OnShutdown} method of a named bean, the same whether found on its type or on
	 * its instance.
	 */
	private record MethodKey(String beanName, String method, List<Class<?>> parameters) {

		MethodKey(String beanName, Method method) {
			this(beanName, method.getName(), List.of(method.getParameterTypes()));
		}

	}

}

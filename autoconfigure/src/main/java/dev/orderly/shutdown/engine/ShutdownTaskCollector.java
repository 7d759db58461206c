package dev.orderly.shutdown.engine;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.orderly.shutdown.ShutdownConfigurationException.Problem;
import dev.orderly.shutdown.ShutdownContext;
import dev.orderly.shutdown.ShutdownTask;
import dev.orderly.shutdown.ShutdownTaskRegistration;
import dev.orderly.shutdown.cleanup.AdoptedBeanCleanup;
import dev.orderly.shutdown.cleanup.BeanCleanup;
import dev.orderly.shutdown.cleanup.BeanCleanupInspector;
import dev.orderly.shutdown.engine.OnShutdownMethodCollector.AnnotatedMethod;
import dev.orderly.shutdown.plan.ShutdownPlan;
import dev.orderly.shutdown.plan.StagePlan;
import dev.orderly.shutdown.report.ShutdownReportTable;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.Environment;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

/**
 * Once every singleton exists, gathers the tasks of each stage ({@link ShutdownTaskRegistration}
 * beans, {@code @OnShutdown} methods and adopted beans), validates them all at once, hands
 * them to the engine and logs the plan. Any problem, its own or one found earlier in
 * {@link ConfigurationProblems}, fails startup with a
 * {@link dev.orderly.shutdown.ShutdownConfigurationException}.
 *
 * @since 0.1.0
 */
public final class ShutdownTaskCollector implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(ShutdownTaskCollector.class);

	private static final Set<String> BUILT_IN_WEB_STAGES = Set.of("drain", "web");

	private final ShutdownEngine engine;

	private final ConfigurableListableBeanFactory beanFactory;

	private final OnShutdownMethodCollector annotatedMethods;

	private final Environment environment;

	private final BeanCleanupInspector inspector;

	private final ConfigurationProblems configurationProblems;

	private final List<Problem> problems = new ArrayList<>();

	private final Map<String, List<PlannedTask>> tasks = new LinkedHashMap<>();

	public ShutdownTaskCollector(ShutdownEngine engine, ConfigurableListableBeanFactory beanFactory,
			OnShutdownMethodCollector annotatedMethods, Environment environment,
			ConfigurationProblems configurationProblems) {
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
		this.annotatedMethods.methods().forEach(this::addAnnotatedMethod);
		Set<String> adopted = addAdoptedBeans(plan);
		this.problems.forEach(this.configurationProblems::add);
		this.configurationProblems.throwIfAny();
		List<BeanCleanup> untimed = this.inspector.untimed(adopted);
		this.engine.useTasks(this.tasks, untimed);
		logPlan(plan, untimed);
		warnIfNoShutdownHook();
	}

	private void addRegistration(String beanName, ShutdownTaskRegistration registration) {
		add("ShutdownTaskRegistration bean '" + beanName + "'", "bean '" + beanName + "'", registration.stage(),
				registration.name(), registration.timeout(), registration.task());
	}

	private void addAnnotatedMethod(AnnotatedMethod annotated) {
		String subject = annotated.describe();
		Method method = annotated.method();
		Class<?>[] parameters = method.getParameterTypes();
		if (parameters.length > 1 || (parameters.length == 1 && parameters[0] != ShutdownContext.class)) {
			this.problems.add(new Problem(subject, "takes parameters " + List.of(parameters),
					"Declare no parameter, or a single ShutdownContext parameter."));
			return;
		}
		Duration timeout = parseTimeout(subject, annotated.annotation().timeout());
		String name = StringUtils.hasText(annotated.annotation().name()) ? annotated.annotation().name()
				: annotated.beanName() + "." + method.getName();
		add(subject, "@OnShutdown " + annotated.targetClass().getSimpleName() + "." + method.getName() + "()",
				annotated.annotation().stage(), name, timeout, invoker(annotated));
	}

	private @Nullable Duration parseTimeout(String subject, String value) {
		if (!StringUtils.hasText(value)) {
			return null;
		}
		try {
			return DurationStyle.detectAndParse(this.environment.resolveRequiredPlaceholders(value));
		}
		catch (RuntimeException ex) {
			this.problems.add(new Problem(subject, "has timeout '" + value + "', which is not a duration",
					"Use a duration such as 500ms, 5s or PT5S."));
			return Duration.ZERO;
		}
	}

	private static ShutdownTask invoker(AnnotatedMethod annotated) {
		Method method = AopUtils.selectInvocableMethod(annotated.method(), annotated.bean().getClass());
		ReflectionUtils.makeAccessible(method);
		boolean takesContext = method.getParameterCount() == 1;
		return (context) -> method.invoke(annotated.bean(), takesContext ? new Object[] { context } : new Object[0]);
	}

	private Set<String> addAdoptedBeans(ShutdownPlan plan) {
		Map<String, String> adoptedBy = new HashMap<>();
		Set<String> ended = new LinkedHashSet<>();
		for (StagePlan stage : plan.applicationStages()) {
			String property = "orderly.shutdown.stages." + stage.name() + ".beans";
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
					add(property, source, stage.name(), "bean:" + beanName, null,
							new AdoptedBeanCleanup((DefaultSingletonBeanRegistry) this.beanFactory, beanName));
					ended.add(beanName);
					ended.addAll(dependents);
				}
			}
		}
		return ended;
	}

	private void add(String subject, String source, String stageName, String name, @Nullable Duration timeout,
			ShutdownTask task) {
		Optional<StagePlan> found = this.engine.plan().stage(stageName);
		boolean builtIn = BUILT_IN_WEB_STAGES.contains(stageName);
		if (found.isEmpty() || !found.get().isApplication()) {
			String why = builtIn ? "names stage '" + stageName + "', which is run by Spring Boot and takes no tasks"
					: "names stage '" + stageName + "', which does not exist"
							+ SimilarNames.didYouMean(stageName, this.tasks.keySet());
			this.problems.add(new Problem(subject, why, "Use one of the application stages "
					+ String.join(", ", this.tasks.keySet()) + ", or add a stage with orderly.shutdown.stages."
					+ stageName + ".order."));
			return;
		}
		StagePlan stage = found.get();
		Duration effective = (timeout != null) ? timeout : stage.timeout();
		if (effective.isZero() || effective.isNegative()) {
			this.problems.add(new Problem(subject, "has timeout " + ShutdownReportTable.duration(effective)
					+ ", which is not positive",
					"Use a positive timeout such as 5s, or none to take the stage's timeout."));
		}
		else if (effective.compareTo(stage.timeout()) > 0) {
			this.problems.add(new Problem(subject, "has timeout " + ShutdownReportTable.duration(effective)
					+ ", longer than the timeout " + ShutdownReportTable.duration(stage.timeout()) + " of stage '"
					+ stage.name() + "'",
					"Shorten the task's timeout or raise orderly.shutdown.stages." + stage.name() + ".timeout."));
		}
		else if (this.tasks.get(stage.name()).stream().anyMatch((existing) -> existing.name().equals(name))) {
			this.problems.add(new Problem(subject, "uses task name '" + name + "', already taken in stage '"
					+ stage.name() + "'", "Give each task of a stage its own name."));
		}
		else {
			this.tasks.get(stage.name()).add(new PlannedTask(stage.name(), name, source, effective, task));
		}
	}

	private void logPlan(ShutdownPlan plan, List<BeanCleanup> untimed) {
		if (!logger.isInfoEnabled()) {
			return;
		}
		StringBuilder message = new StringBuilder(ShutdownPlanDescription.describe(plan, this.tasks));
		if (!untimed.isEmpty()) {
			message.append("\n  Cleanup still untimed in bean destruction, after every stage: ")
				.append(String.join(", ", untimed.stream().map(BeanCleanup::toString).toList()))
				.append("\n  (adopt into a stage with orderly.shutdown.stages.<stage>.beans)");
		}
		logger.info(message);
	}

	private void warnIfNoShutdownHook() {
		if (!this.environment.getProperty("spring.main.register-shutdown-hook", Boolean.class, true)) {
			logger.warn("spring.main.register-shutdown-hook is false: SIGTERM and Ctrl-C will not run the shutdown "
					+ "stages. Remove the property, or call OrderlyShutdown.initiate() or context.close() yourself.");
		}
	}

}

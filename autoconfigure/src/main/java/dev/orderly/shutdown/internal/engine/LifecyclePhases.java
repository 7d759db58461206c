package dev.orderly.shutdown.internal.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.orderly.shutdown.internal.plan.ShutdownPhases;
import dev.orderly.shutdown.internal.plan.ShutdownPlan;
import dev.orderly.shutdown.internal.plan.StageKind;
import dev.orderly.shutdown.internal.plan.StagePlan;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.Lifecycle;
import org.springframework.context.LifecycleProcessor;
import org.springframework.context.Phased;
import org.springframework.context.SmartLifecycle;

/**
 * Finds the lifecycle beans Spring will stop at shutdown, by phase, as
 * {@code DefaultLifecycleProcessor} (Spring Framework 7) does: every {@link Lifecycle}
 * singleton already created and every {@link SmartLifecycle} bean (which Spring creates if
 * it is lazy), the phase of a bean that is not {@link Phased} being 0, phases stopped from the
 * highest down and, within a phase, beans in registration order. Spring stops only the beans
 * that are running then, and a bean's dependent beans first, even from another phase.
 */
final class LifecyclePhases {

	private LifecyclePhases() {
	}

	/**
	 * The phases that hold beans, in stop order. The starter's own hooks are left out: their
	 * stages stand for them.
	 * @param beanFactory where the beans are
	 * @param plan the plan, whose stages own their phases
	 * @param moved beans a stage stops itself, which Spring no longer stops at their phase
	 * @return the phases, highest first
	 */
	static List<LifecyclePhase> find(ConfigurableListableBeanFactory beanFactory, ShutdownPlan plan,
			Set<String> moved) {
		Map<Integer, Map<String, Lifecycle>> byPhase = new TreeMap<>(Comparator.reverseOrder());
		lifecycleBeans(beanFactory).forEach((name, bean) -> {
			if (!(bean instanceof ShutdownPhaseHook) && !(bean instanceof LifecycleProcessor)
					&& !moved.contains(name)) {
				int phase = (bean instanceof Phased phased) ? phased.getPhase() : 0;
				byPhase.computeIfAbsent(phase, (key) -> new LinkedHashMap<>()).put(name, bean);
			}
		});
		List<LifecyclePhase> phases = new ArrayList<>();
		byPhase.forEach((phase, beans) -> phases.add(new LifecyclePhase(phase, beans, stageAt(plan, phase))));
		return List.copyOf(phases);
	}

	/** The lifecycle beans as {@code DefaultLifecycleProcessor.getLifecycleBeans()} finds them. */
	private static Map<String, Lifecycle> lifecycleBeans(ConfigurableListableBeanFactory beanFactory) {
		Map<String, Lifecycle> beans = new LinkedHashMap<>();
		for (String beanName : beanFactory.getBeanNamesForType(Lifecycle.class, false, false)) {
			String name = BeanFactoryUtils.transformedBeanName(beanName);
			boolean factoryBean = beanFactory.isFactoryBean(name);
			String toCheck = factoryBean ? BeanFactory.FACTORY_BEAN_PREFIX + beanName : beanName;
			if ((beanFactory.containsSingleton(name) && (!factoryBean || beanFactory.isTypeMatch(toCheck,
					Lifecycle.class))) || beanFactory.isTypeMatch(toCheck, SmartLifecycle.class)) {
				if (beanFactory.getBean(toCheck) instanceof Lifecycle lifecycle) {
					beans.put(name, lifecycle);
				}
			}
		}
		return beans;
	}

	/** The stage whose wait Spring's wait for the phase is, if any. */
	private static @Nullable String stageAt(ShutdownPlan plan, int phase) {
		for (StagePlan stage : plan.stages()) {
			if ((stage.isApplication() && stage.phase() == phase)
					|| (stage.kind() == StageKind.WEB && phase == ShutdownPhases.WEB_STAGE)) {
				return stage.name();
			}
		}
		return null;
	}

	/**
	 * The phase Spring stops just after every other phase, or the lowest phase the report
	 * covers that holds beans.
	 * @param plan the plan
	 * @param phases the phases that hold beans
	 * @return the report's phase
	 */
	static int reportPhase(ShutdownPlan plan, Collection<LifecyclePhase> phases) {
		int lowest = phases.stream()
			.filter(LifecyclePhase::inReport)
			.mapToInt(LifecyclePhase::phase)
			.min()
			.orElse(Integer.MAX_VALUE);
		return ShutdownPhases.report(plan.applicationStages().size(), lowest);
	}

	/**
	 * Every phase that holds a lifecycle bean, the starter's own hooks included.
	 * @param beanFactory where the beans are
	 * @return the phases
	 */
	static Set<Integer> taken(ConfigurableListableBeanFactory beanFactory) {
		Set<Integer> taken = new HashSet<>();
		lifecycleBeans(beanFactory).values()
			.forEach((bean) -> taken.add((bean instanceof Phased phased) ? phased.getPhase() : 0));
		return taken;
	}

	/**
	 * The phase to watch a phase from: the one just above it if no bean stops there, so that
	 * the phase's time is measured from before its first bean is asked to stop; else the
	 * phase itself (its hook then runs after the phase's other beans have been asked).
	 * @param phase the phase to watch
	 * @param taken every phase that holds beans, the starter's hooks included
	 * @return the phase of the watching hook
	 */
	static int watcherPhase(int phase, Set<Integer> taken) {
		return (phase == Integer.MAX_VALUE || taken.contains(phase + 1)) ? phase : phase + 1;
	}

}

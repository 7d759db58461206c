package dev.orderly.shutdown.internal.lifecycle;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.orderly.shutdown.ShutdownConfigurationException.Problem;
import dev.orderly.shutdown.internal.engine.CountingTask;
import dev.orderly.shutdown.internal.engine.ShutdownEngine;
import dev.orderly.shutdown.internal.engine.SimilarNames;
import dev.orderly.shutdown.internal.engine.StageTaskContributor;
import dev.orderly.shutdown.internal.plan.ShutdownPlan;
import dev.orderly.shutdown.internal.plan.StagePlan;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.Lifecycle;
import org.springframework.context.Phased;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.core.SimpleAliasRegistry;

/**
 * The lifecycle beans that stages stop ({@code orderly.shutdown.stages.<stage>.lifecycles}
 * and the defaults placed there): checked once every singleton exists, each turned into a
 * task of its stage, and left out of Spring's own stop by the {@link StagedLifecycleProcessor}
 * during the shutdown run.
 */
public final class LifecycleMembers implements StageTaskContributor {

	private static final Log logger = LogFactory.getLog(LifecycleMembers.class);

	private final ConfigurableListableBeanFactory beanFactory;

	private final ShutdownEngine engine;

	private volatile Set<String> names = Set.of();

	/**
	 * Create the members of a context's stages.
	 * @param beanFactory where the lifecycle beans are
	 * @param engine whose run, once begun, the members stop in
	 */
	public LifecycleMembers(ConfigurableListableBeanFactory beanFactory, ShutdownEngine engine) {
		this.beanFactory = beanFactory;
		this.engine = engine;
	}

	/**
	 * The names of the lifecycle beans the stages stop.
	 * @return the bean names, empty until every singleton exists
	 */
	public Set<String> names() {
		return this.names;
	}

	/**
	 * The beans Spring's lifecycle processor must leave alone now: the members, once the
	 * shutdown run has begun; none before, so that start-up and a plain
	 * {@code context.stop()} treat them as Spring does.
	 * @return the bean names
	 */
	Set<String> stoppedByStagesNow() {
		return this.engine.currentRun().isPresent() ? this.names : Set.of();
	}

	@Override
	public List<Contribution> tasks(ShutdownPlan plan, List<Problem> problems) {
		boolean heldBack = processorHoldsBack(this.beanFactory);
		List<Contribution> tasks = new ArrayList<>();
		Set<String> members = new LinkedHashSet<>();
		List<Placed> placed = new ArrayList<>();
		List<StagePlan> stages = plan.applicationStages();
		for (StagePlan stage : stages) {
			String property = "orderly.shutdown.stages." + stage.name() + ".lifecycles";
			for (String name : stage.lifecycles()) {
				Member member = member(property, name, problems);
				if (member == null) {
					continue;
				}
				if (!heldBack && member.phase() > stage.phase()) {
					problems.add(new Problem(property, "names lifecycle bean '" + name + "', which Spring stops at "
							+ "phase " + member.phase() + ", before stage '" + stage.name() + "' (phase "
							+ stage.phase() + "), and the application defines its own bean '"
							+ AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME
							+ "', so the starter cannot hold that stop back",
							"Remove '" + name + "' from " + property + ", or remove your own "
									+ AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME
									+ " bean (spring.lifecycle.timeout-per-shutdown-phase still applies)."));
					continue;
				}
				members.add(member.name());
				placed.add(new Placed(member, stage, property));
				tasks.add(new Contribution(property, stage.name(), "lifecycle:" + name, member.source(),
						task(member)));
				logger.info(name + " stops in stage '" + stage.name() + "'"
						+ (beforeWebStage(member.phase()) ? " (after the web stage)" : "") + " instead of at phase "
						+ member.phase() + " (" + where(member.phase(), stage, stages) + ")");
			}
		}
		checkExecutorsStopAfterTheirContainers(placed, stages, problems);
		this.names = Set.copyOf(members);
		return tasks;
	}

	/**
	 * The task that stops a member. Spring's thread pool executor accepts tasks after the
	 * context's close (unless set to shut down strictly early) until it is stopped: in its
	 * stage, so the requests and listener containers stopping before can still hand it work.
	 */
	private CountingTask task(Member member) {
		return (member.type() != null && ExecutorStop.supports(member.type()))
				? new ExecutorStop(this.beanFactory, member.name()) : new LifecycleStop(this.beanFactory, member.name());
	}

	/**
	 * An executor that stops accepting before, or while, a listener container stops would
	 * reject the work the container still hands it.
	 */
	private static void checkExecutorsStopAfterTheirContainers(List<Placed> placed, List<StagePlan> stages,
			List<Problem> problems) {
		for (Placed executor : placed) {
			if (executor.member().kind() != MemberKind.EXECUTOR) {
				continue;
			}
			int position = stages.indexOf(executor.stage());
			placed.stream()
				.filter((container) -> container.member().kind() == MemberKind.LISTENER_CONTAINER)
				.filter((container) -> stages.indexOf(container.stage()) >= position)
				.findFirst()
				.ifPresent((container) -> problems.add(new Problem(executor.property(), "names executor '"
						+ executor.member().name() + "', which would stop accepting tasks in stage '"
						+ executor.stage().name() + "', " + (container.stage().equals(executor.stage()) ? "while"
								: "before")
						+ " the message listener container '" + container.member().name() + "' that hands it work "
						+ "stops in stage '" + container.stage().name() + "'",
						"Move '" + executor.member().name() + "' to a stage after '" + container.stage().name()
								+ "' (such as flush), or '" + container.member().name()
								+ "' to a stage before it (such as consumers).")));
		}
	}

	/**
	 * Whether Spring's lifecycle processor is the starter's, which holds a member's stop back
	 * from a phase that comes before its stage.
	 * @param beanFactory the bean factory
	 * @return whether the lifecycle processor bean is a {@link StagedLifecycleProcessor}
	 */
	static boolean processorHoldsBack(ConfigurableListableBeanFactory beanFactory) {
		String name = AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME;
		if (!beanFactory.containsBean(name)) {
			return false;
		}
		Class<?> type = beanFactory.getType(name, false);
		return type != null && StagedLifecycleProcessor.class.isAssignableFrom(type);
	}

	private @Nullable Member member(String property, String name, List<Problem> problems) {
		if (!this.beanFactory.containsBean(name)) {
			List<String> candidates = List.of(this.beanFactory.getBeanNamesForType(Lifecycle.class, true, false));
			problems.add(new Problem(property, "names lifecycle bean '" + name + "', which does not exist"
					+ SimilarNames.didYouMean(name, candidates),
					"Use the name of a Lifecycle or SmartLifecycle bean."));
			return null;
		}
		Class<?> type = this.beanFactory.getType(name, false);
		if (type != null && !Lifecycle.class.isAssignableFrom(type)) {
			problems.add(new Problem(property, "names bean '" + name + "' of type " + type.getName()
					+ ", which is not a Lifecycle, so it has no stop to move",
					"Remove it from the list; to run its cleanup in the stage, list it in "
							+ property.replaceFirst("lifecycles$", "beans") + " instead."));
			return null;
		}
		if (!this.beanFactory.isSingleton(name)) {
			problems.add(new Problem(property, "names lifecycle bean '" + name
					+ "', which is not a singleton, so Spring does not stop it",
					"Name a singleton Lifecycle or SmartLifecycle bean."));
			return null;
		}
		String canonical = (this.beanFactory instanceof SimpleAliasRegistry aliases) ? aliases.canonicalName(name)
				: name;
		// Spring creates every SmartLifecycle at start-up, lazy or not, to start it: asking for
		// its phase now only does that a moment earlier. A plain Lifecycle is at phase 0.
		int phase = (type != null && Phased.class.isAssignableFrom(type))
				? this.beanFactory.getBean(name, Phased.class).getPhase() : 0;
		String what = (type != null && ExecutorStop.supports(type)) ? type.getSimpleName()
				: (type != null && SmartLifecycle.class.isAssignableFrom(type)) ? "SmartLifecycle" : "Lifecycle";
		return new Member(canonical, what + " " + name + " (phase " + phase + ")", phase, type,
				MemberKind.of(type, this.beanFactory.getBeanClassLoader()));
	}

	/** Where Spring alone would stop a bean of the given phase, for the startup log. */
	private static String where(int phase, StagePlan stage, List<StagePlan> stages) {
		if (beforeWebStage(phase)) {
			return "before the web stage";
		}
		if (phase > stage.phase()) {
			return "before stage '" + stage.name() + "'";
		}
		return (phase < stages.get(stages.size() - 1).phase()) ? "after every stage"
				: "after stage '" + stage.name() + "'";
	}

	private static boolean beforeWebStage(int phase) {
		return phase > WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE;
	}

	private record Member(String name, String source, int phase, @Nullable Class<?> type, MemberKind kind) {
	}

	private record Placed(Member member, StagePlan stage, String property) {
	}

}

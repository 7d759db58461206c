package dev.orderly.shutdown.autoconfigure;

import java.util.Comparator;
import java.util.List;

import dev.orderly.shutdown.ShutdownConfigurationException.Problem;
import dev.orderly.shutdown.engine.ConfigurationProblems;
import dev.orderly.shutdown.engine.StageLifecycle;
import dev.orderly.shutdown.plan.ShutdownPlan;
import dev.orderly.shutdown.plan.StagePlan;

import org.springframework.aot.AotDetector;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * In an application run on the code Spring AOT generated ({@code -Dspring.aot.enabled=true}
 * or a native image), checks that the application stages of the plan, built from the
 * configuration at run time, are the ones whose lifecycle beans were written at build time.
 * A stage added, removed or moved since then would otherwise be left out of the run, or run
 * at another place than the plan shows, without a word.
 */
final class ProcessedStagesCheck implements SmartInitializingSingleton {

	private final ShutdownPlan plan;

	private final ObjectProvider<StageLifecycle> lifecycles;

	private final ConfigurationProblems problems;

	ProcessedStagesCheck(ShutdownPlan plan, ObjectProvider<StageLifecycle> lifecycles, ConfigurationProblems problems) {
		this.plan = plan;
		this.lifecycles = lifecycles;
		this.problems = problems;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (!AotDetector.useGeneratedArtifacts()) {
			return; // the lifecycle beans were registered from this very plan
		}
		List<StagePlan> planned = this.plan.applicationStages();
		List<StageLifecycle> processed = this.lifecycles.stream()
			.sorted(Comparator.comparingInt(StageLifecycle::getPhase).reversed())
			.toList();
		List<String> plannedNames = planned.stream().map(StagePlan::name).toList();
		List<String> processedNames = processed.stream().map(StageLifecycle::stage).toList();
		boolean samePhases = plannedNames.equals(processedNames) && planned.stream()
			.map(StagePlan::phase)
			.toList()
			.equals(processed.stream().map(StageLifecycle::getPhase).toList());
		if (!samePhases) {
			this.problems.add(new Problem(PropertyNames.of("stages"),
					"are " + String.join(", ", plannedNames)
							+ ", but this application was processed by Spring AOT with the stages "
							+ String.join(", ", processedNames) + ", which are fixed at build time",
					"Process the application again (spring-boot:process-aot, or Gradle's processAot) after "
							+ "adding, removing or reordering a stage, or run it with the stages it was processed with."));
		}
	}

}

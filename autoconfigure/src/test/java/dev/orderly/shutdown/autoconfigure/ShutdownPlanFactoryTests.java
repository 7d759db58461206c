package dev.orderly.shutdown.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.orderly.shutdown.ShutdownConfigurationException.Problem;
import dev.orderly.shutdown.autoconfigure.OrderlyShutdownProperties.Stage;
import dev.orderly.shutdown.autoconfigure.ShutdownPlanFactory.PlatformSettings;
import dev.orderly.shutdown.internal.plan.ShutdownPhases;
import dev.orderly.shutdown.internal.plan.ShutdownPlan;
import dev.orderly.shutdown.internal.plan.StagePlan;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of the plan, checked on {@link ShutdownPlanFactory} alone: it is a pure function
 * of the bound properties, the web stack and the platform, so no context is started.
 */
class ShutdownPlanFactoryTests {

	private static final PlatformSettings LOCAL = new PlatformSettings(false, null);

	private static final PlatformSettings KUBERNETES = new PlatformSettings(true, null);

	private final OrderlyShutdownProperties properties = new OrderlyShutdownProperties();

	private final List<Problem> problems = new ArrayList<>();

	@Test
	void aServletApplicationRunsTheDrainTheWebStageAndTheBuiltInStagesInOrderWithinThirtySeconds() {
		ShutdownPlan plan = plan(WebStack.SERVLET, LOCAL);
		assertThat(this.problems).isEmpty();
		assertThat(plan.stages()).extracting(StagePlan::name)
			.containsExactly("drain", "web", "consumers", "flush", "release");
		assertThat(plan.budget()).isEqualTo(Duration.ofSeconds(30));
		assertThat(plan.applicationStages()).extracting(StagePlan::phase)
			.containsExactly(ShutdownPhases.ofStage(0), ShutdownPhases.ofStage(1), ShutdownPhases.ofStage(2));
	}

	@Test
	void aReactiveApplicationHasTheDrainAndTheWebStageAsAServletOneHas() {
		assertThat(plan(WebStack.REACTIVE, LOCAL).stages()).extracting(StagePlan::name)
			.containsExactly("drain", "web", "consumers", "flush", "release");
		assertThat(plan(WebStack.REACTIVE, LOCAL).stages()).isEqualTo(plan(WebStack.SERVLET, LOCAL).stages());
	}

	@Test
	void aNonWebApplicationHasOnlyTheApplicationStages() {
		assertThat(plan(WebStack.NONE, LOCAL).stages()).extracting(StagePlan::name)
			.containsExactly("consumers", "flush", "release");
	}

	@Test
	void aNewStageRunsAtItsOrderAmongTheBuiltInStages() {
		this.properties.getStages().put("audit", stage(150, Duration.ofSeconds(2)));
		ShutdownPlan plan = plan(WebStack.NONE, LOCAL);
		assertThat(plan.applicationStages()).extracting(StagePlan::name)
			.containsExactly("consumers", "audit", "flush", "release");
		assertThat(plan.stage("audit")).get().extracting(StagePlan::timeout).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void twoStagesWithOneOrderClashAndTheLaterIsLeftOut() {
		this.properties.getStages().put("audit", stage(200, null));
		ShutdownPlan plan = plan(WebStack.NONE, LOCAL);
		assertThat(descriptions())
			.containsExactly("orderly.shutdown.stages.audit.order is 200, the same as stage 'flush'");
		assertThat(plan.stage("audit")).isEmpty();
	}

	@Test
	void aNameCloseToAKnownStageIsATypoNotANewStage() {
		this.properties.getStages().put("flsh", stage(null, Duration.ofSeconds(2)));
		plan(WebStack.NONE, LOCAL);
		assertThat(this.problems).singleElement().satisfies((problem) -> {
			assertThat(problem.subject()).isEqualTo("orderly.shutdown.stages.flsh");
			assertThat(problem.action()).startsWith("Rename it to orderly.shutdown.stages.flush");
		});
	}

	@Test
	void stagesThatDoNotFitTheBudgetAreReportedWithTheBreakdown() {
		this.properties.setBudget(Duration.ofSeconds(12));
		plan(WebStack.SERVLET, LOCAL);
		assertThat(descriptions()).containsExactly("orderly.shutdown.budget is 12 s, less than the 25 s the stages "
				+ "may take (drain 5 s + web 5 s + consumers 5 s + flush 5 s + release 5 s)");
	}

	@Test
	void bootsPhaseTimeoutBecomesTheWebStageTimeoutAndTheBreakdownSaysSo() {
		ShutdownPlan plan = plan(WebStack.SERVLET, new PlatformSettings(false, Duration.ofSeconds(60)));
		assertThat(plan.stage("web")).get().extracting(StagePlan::timeout).isEqualTo(Duration.ofSeconds(60));
		assertThat(descriptions()).singleElement()
			.asString()
			.contains("(drain 5 s + web 60 s from spring.lifecycle.timeout-per-shutdown-phase + consumers 5 s");
	}

	@Test
	void theWebTimeoutTakesPrecedenceOverBootsPhaseTimeout() {
		this.properties.getWeb().setTimeout(Duration.ofSeconds(10));
		ShutdownPlan plan = plan(WebStack.SERVLET, new PlatformSettings(false, Duration.ofSeconds(60)));
		assertThat(plan.stage("web")).get().satisfies((web) -> {
			assertThat(web.timeout()).isEqualTo(Duration.ofSeconds(10));
			assertThat(web.timeoutSource()).isEqualTo(
					"orderly.shutdown.web.timeout, over spring.lifecycle.timeout-per-shutdown-phase 60 s");
		});
	}

	@Test
	void onKubernetesTheDrainWaitsAtLeastThreeSecondsByDefault() {
		StagePlan.Drain drain = drain(plan(WebStack.SERVLET, KUBERNETES));
		assertThat(drain.minDelay()).isEqualTo(Duration.ofSeconds(3));
		assertThat(drain(plan(WebStack.SERVLET, LOCAL)).minDelay()).isZero();
	}

	@Test
	void anExplicitMinDelayWinsOnKubernetes() {
		this.properties.getDrain().setMinDelay(Duration.ofMillis(500));
		assertThat(drain(plan(WebStack.SERVLET, KUBERNETES)).minDelay()).isEqualTo(Duration.ofMillis(500));
	}

	@Test
	void aMaxDelayShorterThanKubernetesDefaultMinDelayIsAProblemNotASilentClip() {
		this.properties.getDrain().setMaxDelay(Duration.ofSeconds(2));
		plan(WebStack.SERVLET, KUBERNETES);
		assertThat(this.problems).singleElement().satisfies((problem) -> {
			assertThat(problem.subject()).isEqualTo("orderly.shutdown.drain.max-delay");
			assertThat(problem.description())
				.isEqualTo("is 2 s, shorter than orderly.shutdown.drain.min-delay (default 3 s on Kubernetes)");
			assertThat(problem.action()).isEqualTo(
					"Set orderly.shutdown.drain.max-delay to at least 3s, or set orderly.shutdown.drain.min-delay.");
		});
	}

	@Test
	void theSameMaxDelayIsFineOffKubernetes() {
		this.properties.getDrain().setMaxDelay(Duration.ofSeconds(2));
		assertThat(drain(plan(WebStack.SERVLET, LOCAL)).maxDelay()).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.problems).isEmpty();
	}

	@Test
	@SuppressWarnings("deprecation")
	void theOldBudgetNameStillSetsTheBudget() {
		this.properties.setTimeout(Duration.ofSeconds(40));
		assertThat(plan(WebStack.NONE, LOCAL).budget()).isEqualTo(Duration.ofSeconds(40));
		assertThat(this.problems).isEmpty();
	}

	@Test
	@SuppressWarnings("deprecation")
	void settingTheBudgetUnderBothNamesIsAProblem() {
		this.properties.setTimeout(Duration.ofSeconds(40));
		this.properties.setBudget(Duration.ofSeconds(20));
		ShutdownPlan plan = plan(WebStack.NONE, LOCAL);
		assertThat(plan.budget()).isEqualTo(Duration.ofSeconds(20));
		assertThat(descriptions()).containsExactly(
				"orderly.shutdown.budget is 20 s, and its deprecated old name orderly.shutdown.timeout is 40 s");
	}

	@Test
	void theOldWebTimeoutNameStillSetsTheWebStageTimeout() {
		this.properties.getStages().put("web", stage(null, Duration.ofSeconds(8)));
		ShutdownPlan plan = plan(WebStack.SERVLET, new PlatformSettings(false, Duration.ofSeconds(60)));
		assertThat(plan.stage("web")).get().extracting(StagePlan::timeout).isEqualTo(Duration.ofSeconds(8));
		assertThat(this.problems).isEmpty();
	}

	@Test
	void settingTheWebTimeoutUnderBothNamesIsAProblem() {
		this.properties.getStages().put("web", stage(null, Duration.ofSeconds(8)));
		this.properties.getWeb().setTimeout(Duration.ofSeconds(10));
		plan(WebStack.SERVLET, LOCAL);
		assertThat(descriptions()).containsExactly("orderly.shutdown.web.timeout is 10 s, and its deprecated "
				+ "old name orderly.shutdown.stages.web.timeout is 8 s");
	}

	@Test
	@SuppressWarnings("deprecation")
	void theSameBudgetUnderBothNamesIsNoProblemAsThePropertiesMigratorCopiesIt() {
		this.properties.setTimeout(Duration.ofSeconds(40));
		this.properties.setBudget(Duration.ofSeconds(40));
		assertThat(plan(WebStack.NONE, LOCAL).budget()).isEqualTo(Duration.ofSeconds(40));
		assertThat(this.problems).isEmpty();
		assertThat(ShutdownPlanFactory.deprecatedNamesInUse(this.properties))
			.containsExactly(Map.entry("orderly.shutdown.timeout", "orderly.shutdown.budget"));
	}

	@Test
	void theSameWebTimeoutUnderBothNamesIsNoProblem() {
		this.properties.getStages().put("web", stage(null, Duration.ofSeconds(8)));
		this.properties.getWeb().setTimeout(Duration.ofSeconds(8));
		assertThat(plan(WebStack.SERVLET, LOCAL).stage("web")).get()
			.extracting(StagePlan::timeout)
			.isEqualTo(Duration.ofSeconds(8));
		assertThat(this.problems).isEmpty();
	}

	@Test
	void withAnImmediateServerShutdownTheWebStagePlansNoTimeAndTheBudgetDoesNotCountIt() {
		this.properties.setBudget(Duration.ofSeconds(20));
		ShutdownPlan plan = plan(WebStack.SERVLET, new PlatformSettings(false, null, true));
		assertThat(this.problems).isEmpty();
		assertThat(plan.stage("web")).get().satisfies((web) -> {
			assertThat(web.timeout()).isZero();
			assertThat(web.timeoutSource()).isEqualTo("server.shutdown=immediate");
		});
		// drain 5 s + 3 x 5 s: a graceful web stage's 5 s would not fit the 20 s budget
		assertThat(plan.plannedTime()).isEqualTo(Duration.ofSeconds(20));
	}

	@Test
	void everyConfiguredNameButTheDrainAndTheWebStageGetsAStageLifecycle() {
		assertThat(ShutdownPlanFactory.applicationStageNames(Set.of("web", "drain", "audit")))
			.containsExactly("consumers", "flush", "release", "audit");
	}

	private ShutdownPlan plan(WebStack webStack, PlatformSettings platform) {
		return ShutdownPlanFactory.create(this.properties, webStack, platform, this.problems);
	}

	/** The problems as the failure analysis shows them, each after its property. */
	private List<String> descriptions() {
		return this.problems.stream().map((problem) -> problem.subject() + " " + problem.description()).toList();
	}

	private static StagePlan.Drain drain(ShutdownPlan plan) {
		return (StagePlan.Drain) plan.stage("drain").orElseThrow();
	}

	private static Stage stage(@Nullable Integer order, @Nullable Duration timeout) {
		Stage stage = new Stage();
		stage.setOrder(order);
		if (timeout != null) {
			stage.setTimeout(timeout);
		}
		return stage;
	}

}

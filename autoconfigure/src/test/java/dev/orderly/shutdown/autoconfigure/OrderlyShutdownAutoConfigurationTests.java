package dev.orderly.shutdown.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.orderly.shutdown.OnShutdown;
import dev.orderly.shutdown.OrderlyShutdown;
import dev.orderly.shutdown.ShutdownConfigurationException;
import dev.orderly.shutdown.ShutdownContext;
import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.ShutdownTaskRegistration;
import dev.orderly.shutdown.ShutdownTrigger;
import dev.orderly.shutdown.internal.drain.GracefulShutdownStage;
import dev.orderly.shutdown.internal.drain.IgnoredPaths;
import dev.orderly.shutdown.internal.drain.InFlightRequests;
import dev.orderly.shutdown.internal.drain.InFlightWebFilter;
import dev.orderly.shutdown.internal.drain.TrafficDrain;
import dev.orderly.shutdown.internal.engine.EngineRuns;
import dev.orderly.shutdown.internal.engine.ShutdownEngine;
import dev.orderly.shutdown.internal.engine.StageLifecycle;
import dev.orderly.shutdown.internal.plan.ShutdownPlan;
import dev.orderly.shutdown.internal.plan.StagePlan;
import dev.orderly.shutdown.internal.report.ShutdownReportLogger;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.TaskReport;
import dev.orderly.shutdown.testsupport.RecordingListener;
import dev.orderly.shutdown.web.LongLivedResponses;
import jakarta.servlet.Filter;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webflux.autoconfigure.WebHttpHandlerBuilderCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Scope;
import org.springframework.core.Ordered;
import org.springframework.web.context.annotation.RequestScope;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebHandler;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

import static dev.orderly.shutdown.autoconfigure.RecordedShutdown.closeAndAssertStagesRan;
import static dev.orderly.shutdown.autoconfigure.ShutdownConfigurationFailures.analysis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The staged shutdown's core: the plan and its stages in plain, servlet and reactive
 * applications, with each web library or other optional library missing, user beans
 * backing off, and the startup failures that name what to fix.
 */
@ExtendWith(OutputCaptureExtension.class)
class OrderlyShutdownAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class));

	/** A servlet web application whose drain ends soon after the last request. */
	private final WebApplicationContextRunner servletRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class))
		.withPropertyValues("orderly.shutdown.drain.quiet-period=100ms");

	@Test
	void defaultsPlanThreeApplicationStagesWithinThirtySeconds() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ShutdownEngine.class)
				.hasSingleBean(OrderlyShutdown.class)
				.hasSingleBean(ShutdownReportLogger.class);
			ShutdownPlan plan = context.getBean(ShutdownPlan.class);
			assertThat(plan.stages()).extracting(StagePlan::name).containsExactly("consumers", "flush", "release");
			assertThat(plan.budget()).isEqualTo(Duration.ofSeconds(30));
			assertThat(plan.plannedTime()).isEqualTo(Duration.ofSeconds(15));
			assertThat(context.getBeansOfType(StageLifecycle.class).values()).extracting(StageLifecycle::stage)
				.containsExactlyInAnyOrder("consumers", "flush", "release");
		});
	}

	@Test
	void aServletFilterRegisteredToRunBeforeTheInFlightFilterIsNamedInOneWarningAndStartupGoesOn(
			CapturedOutput output) {
		FilterRegistrationBean<Filter> early = new FilterRegistrationBean<>((request, response, chain) -> {
		});
		early.setName("rateLimiter");
		early.setOrder(Ordered.HIGHEST_PRECEDENCE);
		new WebApplicationContextRunner().withBean("rateLimiterRegistration", FilterRegistrationBean.class, () -> early)
			.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(TrafficDrain.class));
		assertThat(output).containsOnlyOnce("the servlet filter 'rateLimiter' runs before the drain's in-flight "
				+ "filter, so requests it answers alone are not counted");
	}

	@Test
	void anApplicationsOwnFiltersRunAfterTheInFlightFilterWithoutWarning(CapturedOutput output) {
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class))
			.withUserConfiguration(LateFilterConfiguration.class)
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).doesNotContain("runs before the drain's in-flight filter");
	}

	@Configuration(proxyBeanMethods = false)
	static class LateFilterConfiguration {

		@Bean
		Filter lateFilter() {
			return (request, response, chain) -> chain.doFilter(request, response);
		}

	}

	@Test
	void servletWebApplicationsAlsoPlanTheDrainAndTheWebStage() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class))
			.run((context) -> {
				ShutdownPlan plan = context.getBean(ShutdownPlan.class);
				assertThat(plan.stages()).extracting(StagePlan::name)
					.containsExactly("drain", "web", "consumers", "flush", "release");
				assertThat(plan.plannedTime()).isEqualTo(Duration.ofSeconds(25));
				assertThat(context).hasSingleBean(InFlightRequests.class).hasSingleBean(TrafficDrain.class);
			});
	}

	@Test
	void servletStagesCountInTheBudgetOfWebApplications() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class))
			.withPropertyValues("orderly.shutdown.budget=20s")
			.run((context) -> assertThat(analysis(context).getDescription()).contains("orderly.shutdown.budget is "
					+ "20 s, less than the 25 s the stages may take (drain 5 s + web 5 s + consumers 5 s + flush 5 s "
					+ "+ release 5 s)"));
	}

	@Test
	void applicationStagesStopAfterTheWebServerAndBeforeSpringsExecutors() {
		this.runner.run((context) -> {
			int webServerStopped = Integer.MAX_VALUE - 2048;
			int executors = Integer.MAX_VALUE / 2;
			assertThat(context.getBean(ShutdownPlan.class).applicationStages()).extracting(StagePlan::phase)
				.allSatisfy((phase) -> assertThat(phase).isLessThan(webServerStopped).isGreaterThan(executors))
				.isSortedAccordingTo((a, b) -> Integer.compare(b, a));
		});
	}

	@Test
	void aDirectStopOfAStageLifecycleRunsItsStageOnceAndReturnsWhenTheStageHasEnded() {
		List<String> ran = new CopyOnWriteArrayList<>();
		this.runner.withBean("slowFlush", ShutdownTaskRegistration.class,
				() -> ShutdownTaskRegistration.of("flush", "slow", (context) -> {
					Thread.sleep(300);
					ran.add("slow");
				}))
			.run((context) -> {
				ShutdownEngine engine = context.getBean(ShutdownEngine.class);
				EngineRuns.begin(engine, ShutdownTrigger.API);
				StageLifecycle flush = context.getBeansOfType(StageLifecycle.class)
					.values()
					.stream()
					.filter((stage) -> stage.stage().equals("flush"))
					.findFirst()
					.orElseThrow();
				flush.stop();
				assertThat(ran).containsExactly("slow");
				context.close();
				assertThat(ran).as("not run again when the context closes").containsExactly("slow");
				assertThat(engine.currentRun().orElseThrow().report().stage("flush").outcome())
					.isEqualTo(ShutdownOutcome.COMPLETED);
			});
	}

	@Test
	void whenDisabledThenNothingIsConfigured() {
		this.runner.withPropertyValues("orderly.shutdown.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ShutdownEngine.class)
				.doesNotHaveBean(OrderlyShutdown.class)
				.doesNotHaveBean(StageLifecycle.class);
		});
	}

	@Test
	void closingTheContextRunsTheApplicationStagesAndTheirTasks() {
		this.runner.with(RecordedShutdown::recorded)
			.run((context) -> closeAndAssertStagesRan(context, "consumers", "flush", "release"));
	}

	@Test
	void servletWebApplicationsDrainAndStopTheWebServerBeforeTheApplicationStages() {
		this.servletRunner.with(RecordedShutdown::recorded).run((context) -> {
			assertThat(context).hasSingleBean(TrafficDrain.class)
				.hasSingleBean(InFlightRequests.class)
				.hasSingleBean(GracefulShutdownStage.class);
			// the configured paths and the actuator's
			assertThat(context.getBeansOfType(IgnoredPaths.class)).hasSize(2);
			closeAndAssertStagesRan(context, "drain", "web", "consumers", "flush", "release");
		});
	}

	@Test
	void reactiveWebApplicationsDrainAndStopTheWebServerBeforeTheApplicationStages() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class))
			.withPropertyValues("orderly.shutdown.drain.quiet-period=100ms")
			.with(RecordedShutdown::recorded)
			.run((context) -> {
				assertThat(context).hasSingleBean(TrafficDrain.class)
					.hasSingleBean(InFlightRequests.class)
					.hasSingleBean(GracefulShutdownStage.class)
					.hasSingleBean(LongLivedResponses.class)
					.hasSingleBean(WebHttpHandlerBuilderCustomizer.class);
				assertThat(context.getBean(ShutdownPlan.class).stages()).extracting(StagePlan::name)
					.containsExactly("drain", "web", "consumers", "flush", "release");
				// the configured paths and the actuator's
				assertThat(context.getBeansOfType(IgnoredPaths.class)).hasSize(2);
				closeAndAssertStagesRan(context, "drain", "web", "consumers", "flush", "release");
			});
	}

	@Test
	void theReactiveFilterIsPutFirstAfterEveryOtherCustomizerAndFilter() {
		WebFilter first = (exchange, chain) -> chain.filter(exchange);
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class))
			.withBean("webHandler", WebHandler.class, () -> (exchange) -> Mono.empty())
			.withBean("userFilter", WebFilter.class, () -> first)
			.withBean("userCustomizer", WebHttpHandlerBuilderCustomizer.class,
					() -> (builder) -> builder.filters((filters) -> filters.add(0, first)))
			.run((context) -> {
				WebHttpHandlerBuilder builder = WebHttpHandlerBuilder.applicationContext(context);
				context.getBeanProvider(WebHttpHandlerBuilderCustomizer.class)
					.orderedStream()
					.forEach((customizer) -> customizer.customize(builder));
				List<WebFilter> filters = new ArrayList<>();
				builder.filters(filters::addAll);
				assertThat(filters).hasSize(3);
				assertThat(filters.get(0)).isInstanceOf(InFlightWebFilter.class);
			});
	}

	@Test
	void withoutAnyWebLibraryANonWebApplicationRunsItsApplicationStages() {
		// a servlet or reactive context cannot exist without them: the web stack's absence is
		// a plain application's classpath
		this.runner
			.withClassLoader(new FilteredClassLoader("jakarta.servlet", "org.springframework.web",
					"org.springframework.http", "org.springframework.boot.web", "org.springframework.boot.webmvc"))
			.with(RecordedShutdown::recorded)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(TrafficDrain.class)
					.doesNotHaveBean(InFlightRequests.class)
					.doesNotHaveBean(GracefulShutdownStage.class)
					.doesNotHaveBean(IgnoredPaths.class);
				closeAndAssertStagesRan(context, "consumers", "flush", "release");
			});
	}

	@Test
	void withoutSpringMvcAServletApplicationRunsItsApplicationStagesWithoutDrainOrWebStage() {
		this.servletRunner.withClassLoader(new FilteredClassLoader("org.springframework.web.servlet"))
			.with(RecordedShutdown::recorded)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(TrafficDrain.class)
					.doesNotHaveBean(InFlightRequests.class)
					.doesNotHaveBean(GracefulShutdownStage.class);
				closeAndAssertStagesRan(context, "consumers", "flush", "release");
			});
	}

	@Test
	void withoutSpringWebFluxAReactiveApplicationRunsItsApplicationStagesWithoutWebStage() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.web.reactive"))
			.with(RecordedShutdown::recorded)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(GracefulShutdownStage.class);
				closeAndAssertStagesRan(context, "consumers", "flush", "release");
			});
	}

	@Test
	void withoutTheActuatorAServletApplicationStillDrainsAndIgnoresOnlyTheConfiguredPaths() {
		this.servletRunner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.with(RecordedShutdown::recorded)
			.run((context) -> {
				assertThat(context).hasSingleBean(TrafficDrain.class).hasSingleBean(IgnoredPaths.class);
				closeAndAssertStagesRan(context, "drain", "web", "consumers", "flush", "release");
			});
	}

	@Test
	void withoutMicrometerOrJacksonTheCoreRunsTheApplicationStages() {
		this.runner
			.withClassLoader(new FilteredClassLoader("io.micrometer", "tools.jackson", "com.fasterxml.jackson"))
			.with(RecordedShutdown::recorded)
			.run((context) -> closeAndAssertStagesRan(context, "consumers", "flush", "release"));
	}

	@Test
	void whenUserDefinesOrderlyShutdownThenAutoConfiguredOneBacksOff() {
		this.runner.withBean("myShutdown", OrderlyShutdown.class, NoShutdown::new)
			.run((context) -> assertThat(context).getBean(OrderlyShutdown.class).isSameAs(context.getBean("myShutdown")));
	}

	@Test
	void whenShutdownHookIsNotRegisteredThenStartupWarns(CapturedOutput output) {
		this.runner.withPropertyValues("spring.main.register-shutdown-hook=false")
			.run((context) -> assertThat(output)
				.contains("spring.main.register-shutdown-hook is false: SIGTERM and Ctrl-C will not run the shutdown stages"));
	}

	@Test
	void startupLogShowsThePlanAndTheCleanupLeftUntimed(CapturedOutput output) {
		this.runner.withBean("legacyPool", LegacyPool.class, LegacyPool::new)
			.withUserConfiguration(CleanupSwitchedOff.class)
			.run((context) -> {
				assertThat(output).contains("Orderly shutdown plan: stages take up to 15 s of the 30 s budget")
					.containsPattern("consumers +5 s +phase \\d+, no tasks")
					.contains("Cleanup still untimed in bean destruction, after every stage: legacyPool (close() (inferred))")
					.doesNotContain("quietPool");
			});
	}

	@Test
	void whenTaskNamesUnknownStageThenStartupFailsNamingTheBeanAndTheStages() {
		this.runner.withBean("lostTask", ShutdownTaskRegistration.class,
				() -> ShutdownTaskRegistration.of("flsh", "outbox", (context) -> {
				}))
			.run((context) -> assertThat(analysis(context)).satisfies((analysis) -> {
				assertThat(analysis.getDescription())
					.contains("ShutdownTaskRegistration bean 'lostTask' names stage 'flsh', which does not exist");
				assertThat(analysis.getDescription()).contains("names stage 'flsh', which does not exist; did you mean 'flush'?\n"
						+ "    Fix: Use one of the application stages consumers, flush, release");
			}));
	}

	@Test
	void whenAnnotatedMethodNamesUnknownStageThenStartupFailsNamingTheMethod() {
		this.runner.withBean(UnknownStageMethod.class).run((context) -> assertThat(analysis(context).getDescription())
			.contains("@OnShutdown method " + UnknownStageMethod.class.getName()
					+ ".flush() names stage 'cleanup', which does not exist"));
	}

	@Test
	void whenAnnotatedMethodHasWrongParametersThenStartupFails() {
		this.runner.withBean(WrongParameterMethod.class).run((context) -> assertThat(analysis(context).getDescription())
			.contains(WrongParameterMethod.class.getName() + ".flush() takes parameters [class java.lang.String]"));
	}

	@Test
	void whenAnnotatedMethodHasUnparseableTimeoutThenStartupFails() {
		this.runner.withBean(BadTimeoutMethod.class).run((context) -> assertThat(analysis(context)).satisfies((analysis) -> {
			assertThat(analysis.getDescription()).contains("has timeout 'soon', which is not a duration");
			assertThat(analysis.getDescription()).contains("Fix: Use a duration such as 500ms, 5s or PT5S.");
		}));
	}

	@Test
	void whenTaskTimeoutExceedsStageTimeoutThenStartupFails() {
		this.runner.withBean("slowTask", ShutdownTaskRegistration.class,
				() -> ShutdownTaskRegistration.of("flush", "outbox", (context) -> {
				}).withTimeout(Duration.ofSeconds(9)))
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("has timeout 9 s, longer than the timeout 5 s of stage 'flush'"));
	}

	@Test
	void whenTaskIsAddedToTheWebStageThenStartupFails() {
		this.runner.withBean("webTask", ShutdownTaskRegistration.class,
				() -> ShutdownTaskRegistration.of("web", "x", (context) -> {
				}))
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("names stage 'web', which is run by Spring Boot and takes no tasks"));
	}

	@Test
	void whenTwoTasksOfAStageShareANameThenStartupFails() {
		this.runner
			.withBean("first", ShutdownTaskRegistration.class, () -> ShutdownTaskRegistration.of("flush", "outbox", (c) -> {
			}))
			.withBean("second", ShutdownTaskRegistration.class,
					() -> ShutdownTaskRegistration.of("flush", "outbox", (c) -> {
					}))
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("ShutdownTaskRegistration bean 'second' uses task name 'outbox', already taken in stage 'flush'"));
	}

	@Test
	void whenTwoStagesShareAnOrderThenStartupFailsNamingBoth() {
		this.runner.withPropertyValues("orderly.shutdown.stages.audit.order=200")
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("orderly.shutdown.stages.audit.order is 200, the same as stage 'flush'"));
	}

	@Test
	void whenNewStageHasNoOrderThenStartupFails() {
		this.runner.withPropertyValues("orderly.shutdown.stages.audit.timeout=2s")
			.run((context) -> assertThat(analysis(context)).satisfies((analysis) -> {
				assertThat(analysis.getDescription())
					.contains("orderly.shutdown.stages.audit.order is missing for the new stage 'audit'");
				assertThat(analysis.getDescription()).contains("built-in stages: consumers 100, flush 200, release 300");
			}));
	}

	@Test
	void whenStageTimeoutIsZeroOrNegativeThenStartupFails() {
		this.runner
			.withPropertyValues("orderly.shutdown.stages.flush.timeout=0s", "orderly.shutdown.stages.release.timeout=-1s")
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("orderly.shutdown.stages.flush.timeout is 0 ms, which is not positive")
				.contains("orderly.shutdown.stages.release.timeout is -1 s, which is not positive"));
	}

	@Test
	void whenGlobalTimeoutIsNotPositiveThenStartupFails() {
		this.runner.withPropertyValues("orderly.shutdown.budget=0s")
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("orderly.shutdown.budget is 0 ms, which is not positive"));
	}

	@Test
	void whenStagesDoNotFitTheBudgetThenStartupFailsWithTheSum() {
		this.runner.withPropertyValues("orderly.shutdown.budget=12s")
			.run((context) -> assertThat(analysis(context)).satisfies((analysis) -> {
				assertThat(analysis.getDescription()).contains("orderly.shutdown.budget is 12 s, less than the 15 s the "
						+ "stages may take (consumers 5 s + flush 5 s + release 5 s)");
				assertThat(analysis.getDescription()).contains("Fix: Raise orderly.shutdown.budget to at least 15s");
			}));
	}

	@Test
	void whenBudgetDoesNotFitTheTerminationGracePeriodThenStartupFails() {
		this.runner.withPropertyValues("orderly.shutdown.termination-grace-period=30s")
			.run((context) -> assertThat(analysis(context)).satisfies((analysis) -> {
				assertThat(analysis.getDescription()).contains("orderly.shutdown.termination-grace-period is 30 s, less "
						+ "than the budget 30 s plus the termination margin 5 s");
				assertThat(analysis.getDescription()).contains("Fix: Raise terminationGracePeriodSeconds (and this property) to at "
						+ "least 35s, or lower orderly.shutdown.budget to at most 25s.");
			}));
	}

	@Test
	void whenBudgetFitsTheTerminationGracePeriodThenStartupSucceeds() {
		this.runner.withPropertyValues("orderly.shutdown.termination-grace-period=30s", "orderly.shutdown.budget=25s")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void whenDrainIsConfiguredAsAStageThenStartupFails() {
		this.runner.withPropertyValues("orderly.shutdown.stages.drain.timeout=3s")
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("Fix: Configure the drain with orderly.shutdown.drain.*."));
	}

	@Test
	void whenAdoptedBeanDoesNotExistThenStartupFailsSuggestingSimilarNames() {
		this.runner.withBean("legacyPool", LegacyPool.class, LegacyPool::new)
			.withPropertyValues("orderly.shutdown.stages.release.beans=legacypool")
			.run((context) -> assertThat(analysis(context)).satisfies((analysis) -> {
				assertThat(analysis.getDescription())
					.contains("orderly.shutdown.stages.release.beans names bean 'legacypool', which does not exist");
				assertThat(analysis.getDescription()).contains("which does not exist; did you mean 'legacyPool'?");
			}));
	}

	@Test
	void whenAdoptedBeanHasNoCleanupThenStartupFails() {
		this.runner.withBean("plain", StringBuilder.class, StringBuilder::new)
			.withPropertyValues("orderly.shutdown.stages.release.beans=plain")
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("orderly.shutdown.stages.release.beans names bean 'plain', which has no cleanup"));
	}

	@Test
	void whenBeanIsAdoptedTwiceThenStartupFails() {
		this.runner.withBean("legacyPool", LegacyPool.class, LegacyPool::new)
			.withPropertyValues("orderly.shutdown.stages.release.beans=legacyPool",
					"orderly.shutdown.stages.flush.beans=legacyPool")
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("adopts bean 'legacyPool', which stage 'flush' adopts already"));
	}

	@Test
	void springBootReportsTheFailureAnalysisAtStartup(CapturedOutput output) {
		SpringApplication application = new SpringApplication(MinimalApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run("--orderly.shutdown.budget=10s",
				"--spring.main.banner-mode=off", "--orderly.shutdown.stages.flush.order=100"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The shutdown configuration of Orderly Shutdown has 1 problem:")
			.contains("orderly.shutdown.stages.flush.order is 100, the same as stage 'consumers'")
			.contains("Apply the fix given under each problem above.");
	}

	@Test
	void everyProblemIsReportedAtOnce() {
		this.runner.withPropertyValues("orderly.shutdown.stages.flush.timeout=0s", "orderly.shutdown.stages.x.order=100")
			.run((context) -> assertThat(((ShutdownConfigurationException) rootCause(context)).getProblems())
				.hasSize(2));
	}

	@Test
	void startupFailureListsEveryProblemWithItsOwnFixAndHumanDurations(CapturedOutput output) {
		SpringApplication application = new SpringApplication(MinimalApplication.class, UnknownStageMethod.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run("--spring.main.banner-mode=off",
				"--orderly.shutdown.stages.release.timeout=-5s", "--orderly.shutdown.stages.consumers.timeout=250ms",
				"--orderly.shutdown.budget=0s"));
		assertThat(output).contains("""
				Description:

				The shutdown configuration of Orderly Shutdown has 3 problems:
				  - orderly.shutdown.budget is 0 ms, which is not positive
				    Fix: Set a positive duration such as 5s.
				  - orderly.shutdown.stages.release.timeout is -5 s, which is not positive
				    Fix: Set a positive duration such as 5s.
				  - @OnShutdown method %s.flush() names stage 'cleanup', which does not exist
				    Fix: Use one of the application stages consumers, flush, release, or add a stage with \
				orderly.shutdown.stages.cleanup.order.

				Action:

				Apply the fix given under each problem above.
				""".formatted(UnknownStageMethod.class.getName()));
	}

	@Test
	void whenTaskTimeoutExceedsStageTimeoutThenBothAreShownAsHumanDurations() {
		this.runner.withBean("slowTask", ShutdownTaskRegistration.class,
				() -> ShutdownTaskRegistration.of("flush", "outbox", (context) -> {
				}).withTimeout(Duration.ofMillis(6500)))
			.run((context) -> assertThat(analysis(context).getDescription()).contains(
					"ShutdownTaskRegistration bean 'slowTask' has timeout 6.50 s, longer than the timeout 5 s of stage 'flush'"));
	}

	@Test
	void whenAdoptedBeanNameHasATypoThenTheClosestBeanIsSuggested() {
		this.runner.withBean("legacyClient", LegacyPool.class, LegacyPool::new)
			.withBean("legacyPool", LegacyPool.class, LegacyPool::new)
			.withPropertyValues("orderly.shutdown.stages.release.beans=legacyClinet")
			.run((context) -> assertThat(analysis(context).getDescription()).contains(
					"orderly.shutdown.stages.release.beans names bean 'legacyClinet', which does not exist; did you mean 'legacyClient'?\n"));
	}

	@Test
	void whenAdoptedBeanNameResemblesNoBeanThenNoNamesAreListed() {
		// Many bean names contain 'web'; none is a likely typo of it.
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class))
			.withBean("legacyClient", LegacyPool.class, LegacyPool::new)
			.withPropertyValues("orderly.shutdown.stages.release.beans=web")
			.run((context) -> assertThat(analysis(context).getDescription()).contains(
					"orderly.shutdown.stages.release.beans names bean 'web', which does not exist\n"
							+ "    Fix: Use the name of a singleton bean."));
	}

	@Test
	void whenAnnotatedMethodNamesAMisspelledStageThenTheStageIsSuggested() {
		this.runner.withBean(MisspelledStageMethod.class).run((context) -> assertThat(analysis(context).getDescription())
			.contains(".flush() names stage 'flsh', which does not exist; did you mean 'flush'?"));
	}

	@Test
	void whenAStageSettingNamesAMisspelledStageThenTheStageIsSuggested() {
		this.runner.withPropertyValues("orderly.shutdown.stages.flusj.timeout=2s")
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("  - orderly.shutdown.stages.flusj names stage 'flusj', which does not exist; did you mean 'flush'?\n"
						+ "    Fix: Rename it to orderly.shutdown.stages.flush, or set orderly.shutdown.stages.flusj.order "
						+ "to add a new stage."));
	}

	@Test
	void lazyBeanUsedAfterStartupHasItsOnShutdownMethodRunInItsStageAndReported() {
		RecordingListener listener = new RecordingListener();
		this.runner.withBean(RecordingListener.class, () -> listener)
			.withUserConfiguration(LazyOutboxConfiguration.class)
			.run((context) -> {
				Outbox outbox = context.getBean(Outbox.class);
				context.close();
				assertThat(outbox.flushed).isTrue();
			});
		assertThat(listener.report().stages()).filteredOn((stage) -> stage.name().equals("flush"))
			.singleElement()
			.satisfies((flush) -> assertThat(flush.tasks()).extracting(TaskReport::name, TaskReport::outcome)
				.containsExactly(tuple("outbox.flush", ShutdownOutcome.COMPLETED)));
	}

	@Test
	void lazyInitializedApplicationRunsTheOnShutdownMethodsOfTheBeansItCreated() {
		SpringApplication application = new SpringApplication(MinimalApplication.class, OutboxConfiguration.class,
				RecordingListener.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		Outbox outbox;
		RecordingListener listener;
		try (ConfigurableApplicationContext context = application.run("--spring.main.banner-mode=off",
				"--spring.main.lazy-initialization=true")) {
			outbox = context.getBean(Outbox.class);
			listener = context.getBean(RecordingListener.class);
		}
		assertThat(outbox.flushed).isTrue();
		assertThat(listener.events).containsSubsequence("stage started flush", "task finished flush/outbox.flush completed",
				"stage finished flush completed");
	}

	@Test
	void lazyBeanNeverCreatedHasNothingToCleanUpAndThePlanSaysSo(CapturedOutput output) {
		RecordingListener listener = new RecordingListener();
		this.runner.withBean(RecordingListener.class, () -> listener)
			.withUserConfiguration(LazyOutboxConfiguration.class)
			.run((context) -> {
				assertThat(output).containsPattern("flush +5 s +phase \\d+, outbox\\.flush \\(lazy bean: runs if created\\)");
				context.close();
			});
		assertThat(Outbox.created).as("lazy bean created").isFalse();
		assertThat(listener.report().stages()).filteredOn((stage) -> stage.name().equals("flush"))
			.singleElement()
			.satisfies((flush) -> assertThat(flush.tasks()).isEmpty());
	}

	@Test
	void lazyBeanCreatedDuringTheShutdownRunHasItsMethodRunInItsLaterStage() {
		RecordingListener listener = new RecordingListener();
		this.runner.withBean(RecordingListener.class, () -> listener)
			.withUserConfiguration(LazyOutboxConfiguration.class, ConsumerStopUsesOutbox.class)
			.run((context) -> context.close());
		assertThat(listener.events).containsSubsequence("task finished consumers/stop-consumer completed",
				"task finished flush/outbox.flush completed");
	}

	@Test
	void lazyBeanCreatedAfterItsStageRanIsReportedInTheLog(CapturedOutput output) {
		this.runner.withUserConfiguration(LazyOutboxConfiguration.class, ReleaseUsesOutbox.class)
			.run((context) -> context.close());
		assertThat(output).contains("Bean 'outbox' was created during the shutdown run, after stage 'flush' began: "
				+ "@OnShutdown method " + Outbox.class.getName() + ".flush() does not run");
	}

	@Test
	void lazyBeanIsValidatedByItsTypeAtStartupWithoutBeingCreated() {
		this.runner.withBean("lostMethod", UnknownStageMethod.class, UnknownStageMethod::new,
				(definition) -> definition.setLazyInit(true))
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("@OnShutdown method " + UnknownStageMethod.class.getName()
						+ ".flush() names stage 'cleanup', which does not exist"));
	}

	@Test
	void prototypeBeanWithOnShutdownMethodFailsStartupNamingTheBeanAndTheMethod() {
		this.runner.withUserConfiguration(PrototypeOutboxConfiguration.class)
			.run((context) -> assertThat(analysis(context).getDescription()).contains("  - @OnShutdown method "
					+ Outbox.class.getName() + ".flush() is on bean 'outbox' of scope 'prototype'; only a singleton "
					+ "has one instance for the shutdown to clean up\n"
					+ "    Fix: Make 'outbox' a singleton, or move the cleanup to a singleton that keeps track of the "
					+ "instances."));
	}

	@Test
	void requestScopedBeanWithOnShutdownMethodFailsStartupOnceNamingTheBeanNotItsProxy() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class))
			.withUserConfiguration(RequestScopedOutboxConfiguration.class)
			.run((context) -> assertThat(((ShutdownConfigurationException) rootCause(context)).getProblems())
				.singleElement()
				.satisfies((problem) -> assertThat(problem.description())
					.isEqualTo("is on bean 'outbox' of scope 'request'; only a singleton has one instance for the "
							+ "shutdown to clean up")));
	}

	@Test
	void objectOfAFactoryBeanNotCreatedAtStartupIsValidatedByTheTypeTheFactoryDeclares() {
		this.runner.withBean("outboxFactory", OutboxFactory.class, () -> new OutboxFactory(MisspelledStageMethod.class))
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("@OnShutdown method " + MisspelledStageMethod.class.getName()
						+ ".flush() names stage 'flsh', which does not exist; did you mean 'flush'?"));
	}

	@Test
	void whenABeanOfUnknownTypeIsCreatedLaterWithAWrongMethodThenTheLogSaysItDoesNotRun(CapturedOutput output) {
		this.runner.withBean("outboxFactory", OutboxFactory.class, () -> new OutboxFactory(null))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				context.getBean("outboxFactory");
				assertThat(output).contains("Bean 'outboxFactory' was created after startup and its @OnShutdown method "
						+ "does not run at shutdown: @OnShutdown method " + MisspelledStageMethod.class.getName()
						+ ".flush() names stage 'flsh', which does not exist; did you mean 'flush'?. Fix: Use one of "
						+ "the application stages consumers, flush, release, or add a stage with "
						+ "orderly.shutdown.stages.flsh.order.");
			});
	}

	private static Throwable rootCause(ApplicationContextAssertProvider<?> context) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		while (!(failure instanceof ShutdownConfigurationException) && failure.getCause() != null) {
			failure = failure.getCause();
		}
		return failure;
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(OrderlyShutdownAutoConfiguration.class)
	static class MinimalApplication {

	}

	@Configuration(proxyBeanMethods = false)
	static class CleanupSwitchedOff {

		@Bean(destroyMethod = "")
		LegacyPool quietPool() {
			return new LegacyPool();
		}

	}

	static class LegacyPool implements AutoCloseable {

		@Override
		public void close() {
		}

	}

	static class UnknownStageMethod {

		@OnShutdown(stage = "cleanup")
		void flush() {
		}

	}

	/**
	 * Makes a {@link MisspelledStageMethod} when first asked, declaring its type or not.
	 */
	static class OutboxFactory implements FactoryBean<Object> {

		private final @Nullable Class<?> declaredType;

		OutboxFactory(@Nullable Class<?> declaredType) {
			this.declaredType = declaredType;
		}

		@Override
		public Object getObject() {
			return new MisspelledStageMethod();
		}

		@Override
		public @Nullable Class<?> getObjectType() {
			return this.declaredType;
		}

	}

	static class MisspelledStageMethod {

		@OnShutdown(stage = "flsh")
		void flush() {
		}

	}

	static class Outbox {

		static volatile boolean created;

		final List<String> events = new CopyOnWriteArrayList<>();

		volatile boolean flushed;

		Outbox() {
			created = true;
		}

		void add(String event) {
			this.events.add(event);
		}

		@OnShutdown(stage = "flush")
		void flush() {
			this.flushed = true;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OutboxConfiguration {

		@Bean
		Outbox outbox() {
			return new Outbox();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LazyOutboxConfiguration {

		LazyOutboxConfiguration() {
			Outbox.created = false;
		}

		@Bean
		@Lazy
		Outbox outbox() {
			return new Outbox();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConsumerStopUsesOutbox {

		@Bean
		ShutdownTaskRegistration stopConsumer(ObjectProvider<Outbox> outbox) {
			return ShutdownTaskRegistration.of("consumers", "stop-consumer",
					(context) -> outbox.getObject().add("last event"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ReleaseUsesOutbox {

		@Bean
		ShutdownTaskRegistration lateUse(ObjectProvider<Outbox> outbox) {
			return ShutdownTaskRegistration.of("release", "late-use", (context) -> outbox.getObject().add("too late"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RequestScopedOutboxConfiguration {

		@Bean
		@RequestScope
		Outbox outbox() {
			return new Outbox();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PrototypeOutboxConfiguration {

		@Bean
		@Scope("prototype")
		Outbox outbox() {
			return new Outbox();
		}

	}

	static class WrongParameterMethod {

		@OnShutdown(stage = "flush")
		void flush(String text) {
		}

	}

	static class BadTimeoutMethod {

		@OnShutdown(stage = "flush", timeout = "soon")
		void flush(ShutdownContext context) {
		}

	}

	static class NoShutdown implements OrderlyShutdown {

		@Override
		public CompletableFuture<ShutdownReport> initiate(@Nullable String reason) {
			return new CompletableFuture<>();
		}

		@Override
		public Optional<ShutdownReport> progress() {
			return Optional.empty();
		}

	}

}

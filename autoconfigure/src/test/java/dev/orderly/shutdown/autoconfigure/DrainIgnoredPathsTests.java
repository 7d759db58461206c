package dev.orderly.shutdown.autoconfigure;

import java.util.List;

import dev.orderly.shutdown.internal.drain.IgnoredPaths;
import dev.orderly.shutdown.internal.drain.InFlightRequestFilter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.AbstractApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

import static dev.orderly.shutdown.autoconfigure.ShutdownConfigurationFailures.analysis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Configuration of the paths that are not traffic; their effect on a running server is
 * shown by the drain integration tests.
 */
class DrainIgnoredPathsTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class));

	private final ReactiveWebApplicationContextRunner reactiveRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class));

	@Test
	void whenIgnoredPathsAreNotPathPatternsThenStartupFailsNamingEachOne() {
		this.runner.withPropertyValues("orderly.shutdown.drain.ignored-paths=/ping,ping,/{broken")
			.run((context) -> {
				FailureAnalysis analysis = analysis(context);
				assertThat(analysis.getDescription())
					.contains("orderly.shutdown.drain.ignored-paths[1] is 'ping', not a path pattern: "
							+ "'ping' does not start with '/'")
					.contains("orderly.shutdown.drain.ignored-paths[2] is '/{broken', not a path pattern")
					.doesNotContain("ignored-paths[0]");
				assertThat(analysis.getDescription()).contains("such as /ping or /internal/**");
			});
	}

	@Test
	void whenAnIgnoredPathMatchesEveryPathThenStartupFailsOnEitherStackNamingTheEntry() {
		String[] properties = { "orderly.shutdown.drain.ignored-paths=/ping,/**,/{*rest}" };
		for (AbstractApplicationContextRunner<?, ?, ?> runner : List.of(this.runner.withPropertyValues(properties),
				this.reactiveRunner.withPropertyValues(properties))) {
			runner.run((context) -> {
				String description = analysis(context).getDescription();
				assertThat(description)
					.contains("orderly.shutdown.drain.ignored-paths[1] is '/**', which matches every path, so no "
							+ "request would count as traffic and the drain would not wait for any")
					.contains("orderly.shutdown.drain.ignored-paths[2] is '/{*rest}', which matches every path")
					.doesNotContain("ignored-paths[0]");
			});
		}
	}

	@Test
	void whenAnIgnoredPathAndAnotherPropertyAreWrongThenOneReportNamesBoth() {
		this.runner.withPropertyValues("orderly.shutdown.drain.ignored-paths=ping", "orderly.shutdown.budget=0")
			.run((context) -> {
				FailureAnalysis analysis = analysis(context);
				assertThat(analysis.getDescription())
					.contains("orderly.shutdown.drain.ignored-paths[0] is 'ping', not a path pattern")
					.contains("orderly.shutdown.budget is 0 ms, which is not positive");
			});
	}

	@Test
	void withoutTheActuatorTheFilterIgnoresTheConfiguredPathsOnly() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.withPropertyValues("orderly.shutdown.drain.ignored-paths=/ping,/internal/**")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasBean("orderlyShutdownInFlightRequestFilter")
					.doesNotHaveBean("orderlyShutdownActuatorIgnoredPaths");
				assertThat(context.getBean("orderlyShutdownInFlightRequestFilter", FilterRegistrationBean.class)
					.getFilter()).isInstanceOf(InFlightRequestFilter.class);
				assertThat(context.getBeansOfType(IgnoredPaths.class).values()).singleElement()
					.extracting(IgnoredPaths::patterns)
					.isEqualTo(List.of("/ping", "/internal/**"));
			});
	}

}

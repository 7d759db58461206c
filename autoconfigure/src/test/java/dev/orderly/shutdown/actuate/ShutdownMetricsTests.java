package dev.orderly.shutdown.actuate;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.orderly.shutdown.ShutdownTaskRegistration;
import dev.orderly.shutdown.actuate.metrics.DeferredContextClosedListeners;
import dev.orderly.shutdown.autoconfigure.OrderlyShutdownAutoConfiguration;
import dev.orderly.shutdown.autoconfigure.OrderlyShutdownMetricsAutoConfiguration;
import dev.orderly.shutdown.autoconfigure.OrderlyShutdownObservationAutoConfiguration;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.step.StepMeterRegistry;
import io.micrometer.core.instrument.step.StepRegistryConfig;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Meters recorded during the shutdown reach a push-style registry's exporter: Spring Boot
 * would close registries when the context starts closing, before any stage has run; the
 * starter keeps Boot's closer but lets it hear that event only after the report, so the
 * registries' last publication includes the stages.
 */
class ShutdownMetricsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, OrderlyShutdownAutoConfiguration.class,
				OrderlyShutdownObservationAutoConfiguration.class, OrderlyShutdownMetricsAutoConfiguration.class))
		.withBean(PushingRegistry.class, PushingRegistry::new)
		.withBean("outbox", ShutdownTaskRegistration.class,
				() -> ShutdownTaskRegistration.of("flush", "outbox", (context) -> Thread.sleep(30)))
		.withBean("hung", ShutdownTaskRegistration.class,
				() -> ShutdownTaskRegistration.of("release", "hung", (context) -> Thread.sleep(5000))
					.withTimeout(Duration.ofMillis(200)));

	@Test
	void runStageAndTaskTimersArePublishedWhenTheRegistryClosesAfterTheStages() {
		this.runner.run((context) -> {
			PushingRegistry registry = context.getBean(PushingRegistry.class);
			context.close();
			assertThat(registry.closedWhileOpenStages).isFalse();
			assertThat(registry.published).contains(
					"orderly.shutdown.task{outcome=completed,stage=flush,task=outbox} count=1",
					"orderly.shutdown.task{outcome=timed_out,stage=release,task=hung} count=1",
					"orderly.shutdown.stage{outcome=completed,stage=consumers} count=1",
					"orderly.shutdown.stage{outcome=completed,stage=flush} count=1",
					"orderly.shutdown.stage{outcome=timed_out,stage=release} count=1",
					"orderly.shutdown{outcome=timed_out,trigger=context_close} count=1");
		});
	}

	@Test
	void everyBeanOfSpringBootsMetricsAutoConfigurationIsKeptSoNewerBootVersionsCanInjectThem() {
		// Boot 4.0.8+ injects its registry closer into every registry's post-processing
		Set<String> withoutStarter = new LinkedHashSet<>();
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
					MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
			.withBean(PushingRegistry.class, PushingRegistry::new)
			.run((context) -> withoutStarter.addAll(beansDeclaredByMetricsAutoConfiguration(context)));
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(beansDeclaredByMetricsAutoConfiguration(context)).isNotEmpty()
				.containsExactlyInAnyOrderElementsOf(withoutStarter);
		});
	}

	@Test
	void theRegistriesAreClosedOnceTheShutdownHasBeenReported() {
		this.runner.run((context) -> {
			PushingRegistry registry = context.getBean(PushingRegistry.class);
			assertThat(registry.isClosed()).isFalse();
			context.close();
			assertThat(registry.isClosed()).isTrue();
			assertThat(registry.closes).hasValue(1);
		});
	}

	@Test
	void withoutSpringBootsMetricsModuleTheAppStartsAndShutsDownWithoutDeferringAnything() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class,
					OrderlyShutdownMetricsAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.micrometer.metrics"))
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(DeferredContextClosedListeners.class);
				context.close();
			});
	}

	private static Set<String> beansDeclaredByMetricsAutoConfiguration(ConfigurableApplicationContext context) {
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		List<String> configurations = Arrays.asList(beanFactory.getBeanNamesForType(MetricsAutoConfiguration.class));
		return Arrays.stream(beanFactory.getBeanDefinitionNames())
			.filter((name) -> configurations.contains(beanFactory.getBeanDefinition(name).getFactoryBeanName()))
			.collect(Collectors.toCollection(LinkedHashSet::new));
	}

	/**
	 * A push registry, as an OTLP or Datadog one: publishes each step, and once more when
	 * closed. Records what it published, as its backend would see it.
	 */
	static class PushingRegistry extends StepMeterRegistry {

		final List<String> published = new CopyOnWriteArrayList<>();

		volatile boolean closedWhileOpenStages;

		final AtomicInteger closes = new AtomicInteger();

		PushingRegistry() {
			super(new StepRegistryConfig() {

				@Override
				public String prefix() {
					return "test";
				}

				@Override
				public String get(String key) {
					return null;
				}

				@Override
				public Duration step() {
					return Duration.ofMinutes(1);
				}

			}, Clock.SYSTEM);
		}

		@Override
		protected void publish() {
			for (Meter meter : getMeters()) {
				if (meter instanceof Timer timer && meter.getId().getName().startsWith("orderly.shutdown")) {
					this.published.add(describe(timer));
				}
			}
		}

		@Override
		public void close() {
			this.closedWhileOpenStages = this.published.isEmpty() && getMeters().stream()
				.noneMatch((meter) -> meter.getId().getName().startsWith("orderly.shutdown"));
			if (!isClosed()) {
				this.closes.incrementAndGet();
			}
			super.close();
		}

		private static String describe(Timer timer) {
			List<String> tags = timer.getId()
				.getTags()
				.stream()
				.filter((tag) -> !tag.getKey().equals("error"))
				.map(Tag::getKey)
				.map((key) -> key + "=" + timer.getId().getTag(key))
				.sorted()
				.toList();
			return timer.getId().getName() + "{" + String.join(",", tags) + "} count=" + timer.count();
		}

		@Override
		protected TimeUnit getBaseTimeUnit() {
			return TimeUnit.SECONDS;
		}

	}

}

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

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.orderly.shutdown.ShutdownTaskRegistration;
import dev.orderly.shutdown.autoconfigure.OrderlyShutdownAutoConfiguration;
import dev.orderly.shutdown.autoconfigure.OrderlyShutdownMetricsAutoConfiguration;
import dev.orderly.shutdown.autoconfigure.OrderlyShutdownObservationAutoConfiguration;
import dev.orderly.shutdown.internal.actuate.metrics.DeferredContextClosedListeners;
import dev.orderly.shutdown.report.ShutdownListener;
import dev.orderly.shutdown.report.ShutdownReport;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.step.StepMeterRegistry;
import io.micrometer.core.instrument.step.StepRegistryConfig;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.AbstractApplicationContext;

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
		this.runner.withUserConfiguration(RunFinishedOnTheRegistrysTimeline.class).run((context) -> {
			PushingRegistry registry = context.getBean(PushingRegistry.class);
			assertThat(registry.isClosed()).isFalse();
			context.close();
			assertThat(registry.isClosed()).isTrue();
			assertThat(registry.closes).hasValue(1);
			// Spring Boot alone would close it as the context starts closing, before any stage
			assertThat(registry.timeline).containsExactly("run finished", "registry closed");
		});
	}

	@Test
	void springBootsRegistryCloserIsNoLongerAmongTheContextsListenersOnceDeferred() {
		this.runner.run((context) -> {
			List<ApplicationListener<?>> closers = beansDeclaredByMetricsAutoConfiguration(context).stream()
				.map(context::getBean)
				.filter(ApplicationListener.class::isInstance)
				.<ApplicationListener<?>>map(ApplicationListener.class::cast)
				.toList();
			assertThat(closers).isNotEmpty();
			AbstractApplicationContext source = (AbstractApplicationContext) context.getSourceApplicationContext();
			assertThat(source.getApplicationListeners()).doesNotContainAnyElementsOf(closers);
		});
	}

	@Test
	void whenNothingCanBeDeferredWithAPushRegistryItWarnsThatTheShutdownsMetersMayBeLost() {
		List<ILoggingEvent> logged = logOf(DeferredContextClosedListeners.class, () -> new ApplicationContextRunner()
			.withBean(PushingRegistry.class, PushingRegistry::new)
			.withUserConfiguration(DeferringFromAConfigurationWithoutListeners.class)
			.run((context) -> assertThat(context).hasNotFailed()));
		assertThat(logged).singleElement().satisfies((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.WARN);
			assertThat(event.getFormattedMessage()).contains("declares no ContextClosedEvent listener to defer");
		});
	}

	@Test
	void whenNothingCanBeDeferredWithoutAPushRegistryItSaysSoOnlyAtDebug() {
		List<ILoggingEvent> logged = logOf(DeferredContextClosedListeners.class, () -> new ApplicationContextRunner()
			.withUserConfiguration(DeferringFromAConfigurationWithoutListeners.class)
			.run((context) -> assertThat(context).hasNotFailed()));
		assertThat(logged).singleElement().extracting(ILoggingEvent::getLevel).isEqualTo(Level.DEBUG);
	}

	/** What {@code type} logs, at any level, while {@code action} runs. */
	private static List<ILoggingEvent> logOf(Class<?> type, Runnable action) {
		Logger logger = (Logger) LoggerFactory.getLogger(type);
		Level level = logger.getLevel();
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		logger.setLevel(Level.DEBUG);
		try {
			action.run();
		}
		finally {
			logger.detachAppender(appender);
			logger.setLevel(level);
		}
		return appender.list.stream()
			.filter((event) -> event.getFormattedMessage().contains("ContextClosedEvent listener"))
			.toList();
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
	 * Defers the listeners of a configuration that declares none, as after a Spring Boot
	 * upgrade that changed how registries are closed.
	 */
	@Configuration(proxyBeanMethods = false)
	static class DeferringFromAConfigurationWithoutListeners {

		@Bean
		DeferredContextClosedListeners deferredContextClosedListeners(ConfigurableApplicationContext context,
				ConfigurableListableBeanFactory beanFactory) {
			return new DeferredContextClosedListeners(context, beanFactory, ConfigurationWithoutListeners.class);
		}

	}

	static class ConfigurationWithoutListeners {

	}

	/**
	 * Puts the end of the shutdown run on the registry's timeline.
	 */
	@Configuration(proxyBeanMethods = false)
	static class RunFinishedOnTheRegistrysTimeline {

		@Bean
		ShutdownListener runFinishedOnTheRegistrysTimeline(PushingRegistry registry) {
			return new ShutdownListener() {

				@Override
				public void runFinished(ShutdownReport report) {
					registry.timeline.add("run finished");
				}

			};
		}

	}

	/**
	 * A push registry, as an OTLP or Datadog one: publishes each step, and once more when
	 * closed. Records what it published, as its backend would see it.
	 */
	static class PushingRegistry extends StepMeterRegistry {

		final List<String> published = new CopyOnWriteArrayList<>();

		volatile boolean closedWhileOpenStages;

		final AtomicInteger closes = new AtomicInteger();

		final List<String> timeline = new CopyOnWriteArrayList<>();

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
				this.timeline.add("registry closed");
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

package dev.orderly.shutdown.internal.engine;

import java.util.ArrayList;
import java.util.List;

import dev.orderly.shutdown.OnShutdown;
import dev.orderly.shutdown.autoconfigure.OrderlyShutdownAutoConfiguration;
import dev.orderly.shutdown.testsupport.RecordingListener;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @OnShutdown} methods that a bean's class inherits: startup skips the full search of
 * a class's hierarchy unless some type in it declares an annotated method, so these must
 * still be found wherever in the hierarchy the annotation is.
 */
class InheritedOnShutdownMethodsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class));

	@Test
	void methodAnnotatedOnAnInterfaceRunsOnTheBeanThatImplementsIt() {
		RecordingListener listener = new RecordingListener();
		List<String> calls = new ArrayList<>();
		this.runner.withBean(RecordingListener.class, () -> listener)
			.withBean("outbox", InterfaceOutbox.class, () -> new InterfaceOutbox(calls))
			.run((context) -> context.close());
		assertThat(calls).containsExactly("flushed");
		assertThat(listener.events).contains("task finished flush/outbox.flush completed");
	}

	@Test
	void methodAnnotatedOnASuperclassRunsEvenWhereASubclassOverridesItWithoutTheAnnotation() {
		RecordingListener listener = new RecordingListener();
		List<String> calls = new ArrayList<>();
		this.runner.withBean(RecordingListener.class, () -> listener)
			.withBean("outbox", OverridingOutbox.class, () -> new OverridingOutbox(calls))
			.run((context) -> context.close());
		assertThat(calls).containsExactly("flushed by the subclass");
		assertThat(listener.events).contains("task finished flush/outbox.flush completed");
	}

	@Test
	void methodOfAnApplicationSubclassOfASpringClassRuns() {
		RecordingListener listener = new RecordingListener();
		this.runner.withBean(RecordingListener.class, () -> listener)
			.withUserConfiguration(DrainingExecutorConfiguration.class)
			.run((context) -> {
				DrainingExecutor executor = context.getBean(DrainingExecutor.class);
				context.close();
				assertThat(executor.drained).isTrue();
			});
		assertThat(listener.events).contains("task finished consumers/executor.drain completed");
	}

	interface Flushable {

		@OnShutdown(stage = "flush")
		void flush();

	}

	static class InterfaceOutbox implements Flushable {

		private final List<String> calls;

		InterfaceOutbox(List<String> calls) {
			this.calls = calls;
		}

		@Override
		public void flush() {
			this.calls.add("flushed");
		}

	}

	abstract static class Outbox {

		@OnShutdown(stage = "flush")
		abstract void flush();

	}

	static class OverridingOutbox extends Outbox {

		private final List<String> calls;

		OverridingOutbox(List<String> calls) {
			this.calls = calls;
		}

		@Override
		void flush() {
			this.calls.add("flushed by the subclass");
		}

	}

	/**
	 * An application's own class extending one of Spring's: its name is the application's,
	 * so it is searched although its superclass is Spring's.
	 */
	static class DrainingExecutor extends ThreadPoolTaskExecutor {

		volatile boolean drained;

		@OnShutdown(stage = "consumers")
		void drain() {
			this.drained = true;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DrainingExecutorConfiguration {

		@Bean
		DrainingExecutor executor() {
			return new DrainingExecutor();
		}

	}

}

package dev.orderly.shutdown.internal.engine;

import java.util.ArrayList;
import java.util.List;

import dev.orderly.shutdown.OnShutdown;
import dev.orderly.shutdown.autoconfigure.OrderlyShutdownAutoConfiguration;
import dev.orderly.shutdown.testsupport.RecordingListener;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @OnShutdown} methods declared on an interface that the bean's interface extends:
 * the quick check at startup, which skips the full search of a class's hierarchy unless
 * some type in it declares an annotated method, must look at super-interfaces too (it
 * looked only at the interfaces a class implements directly, and such a method silently
 * never ran).
 */
class SuperInterfaceOnShutdownMethodsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class));

	@Test
	void methodAnnotatedOnASuperInterfaceRuns() {
		RecordingListener listener = new RecordingListener();
		List<String> calls = new ArrayList<>();
		this.runner.withBean(RecordingListener.class, () -> listener)
			.withBean("outbox", OutboxImpl.class, () -> new OutboxImpl(calls))
			.run((context) -> context.close());
		assertThat(calls).containsExactly("flushed");
		assertThat(listener.events).contains("task finished flush/outbox.flush completed");
	}

	@Test
	void defaultMethodAnnotatedOnASuperInterfaceRuns() {
		RecordingListener listener = new RecordingListener();
		List<String> calls = new ArrayList<>();
		this.runner.withBean(RecordingListener.class, () -> listener)
			.withBean("outbox", DefaultOutboxImpl.class, () -> new DefaultOutboxImpl(calls))
			.run((context) -> context.close());
		assertThat(calls).containsExactly("flushed by default");
		assertThat(listener.events).contains("task finished flush/outbox.flush completed");
	}

	interface Flushable {

		@OnShutdown(stage = "flush")
		void flush();

	}

	interface Outbox extends Flushable {

	}

	static class OutboxImpl implements Outbox {

		private final List<String> calls;

		OutboxImpl(List<String> calls) {
			this.calls = calls;
		}

		@Override
		public void flush() {
			this.calls.add("flushed");
		}

	}

	interface DefaultFlushable {

		List<String> calls();

		@OnShutdown(stage = "flush")
		default void flush() {
			calls().add("flushed by default");
		}

	}

	interface DefaultOutbox extends DefaultFlushable {

	}

	record DefaultOutboxImpl(List<String> calls) implements DefaultOutbox {

	}

}

package dev.orderly.shutdown.internal.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.orderly.shutdown.OnShutdown;
import dev.orderly.shutdown.ShutdownConfigurationException;
import dev.orderly.shutdown.ShutdownConfigurationException.Problem;
import dev.orderly.shutdown.autoconfigure.OrderlyShutdownAutoConfiguration;
import dev.orderly.shutdown.testsupport.RecordingListener;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code final} {@code @OnShutdown} method of a bean behind a CGLIB proxy
 * ({@code @Transactional}, {@code @Async}, an aspect): the proxy cannot override it, so a
 * call on the proxy runs on the proxy instance, whose fields are all null, and the advice
 * never applies. Startup says so, naming the bean and the method; before, the task failed at
 * shutdown with a NullPointerException.
 */
class FinalOnShutdownMethodOfProxiedBeanTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class));

	@Test
	void finalMethodOfACglibProxiedBeanFailsStartupNamingTheBeanAndTheMethod() {
		RecordingListener listener = new RecordingListener();
		List<String> calls = new CopyOnWriteArrayList<>();
		this.runner.withBean(RecordingListener.class, () -> listener)
			.withBean("outbox", FinalOutbox.class, () -> cglibProxy(new FinalOutbox(calls)))
			.run((context) -> {
				if (context.getStartupFailure() == null) {
					context.close();
					assertThat(listener.events).contains("task finished flush/outbox.flush completed");
					assertThat(calls).containsExactly("flushed");
				}
				assertThat(context).hasFailed();
				assertThat(problems(context.getStartupFailure())).singleElement().satisfies((problem) -> {
					assertThat(problem.subject()).isEqualTo("@OnShutdown method " + FinalOutbox.class.getName()
							+ ".flush()");
					assertThat(problem.description())
						.isEqualTo("is final, so the proxy of bean 'outbox' cannot pass the call to the bean");
					assertThat(problem.action()).contains("Remove final");
				});
			});
		assertThat(calls).isEmpty();
	}

	@Test
	void nonFinalMethodOfACglibProxiedBeanRunsOnTheBean() {
		RecordingListener listener = new RecordingListener();
		List<String> calls = new CopyOnWriteArrayList<>();
		this.runner.withBean(RecordingListener.class, () -> listener)
			.withBean("outbox", Outbox.class, () -> cglibProxy(new Outbox(calls)))
			.run((context) -> context.close());
		assertThat(listener.events).contains("task finished flush/outbox.flush completed");
		assertThat(calls).containsExactly("flushed");
	}

	private static List<Problem> problems(Throwable failure) {
		Throwable cause = failure;
		while (!(cause instanceof ShutdownConfigurationException) && cause.getCause() != null) {
			cause = cause.getCause();
		}
		assertThat(cause).isInstanceOf(ShutdownConfigurationException.class);
		return ((ShutdownConfigurationException) cause).getProblems();
	}

	private static <T> T cglibProxy(T target) {
		ProxyFactory factory = new ProxyFactory(target);
		factory.setProxyTargetClass(true);
		@SuppressWarnings("unchecked")
		T proxy = (T) factory.getProxy();
		return proxy;
	}

	static class FinalOutbox {

		private final List<String> calls;

		FinalOutbox(List<String> calls) {
			this.calls = calls;
		}

		@OnShutdown(stage = "flush")
		public final void flush() {
			this.calls.add("flushed");
		}

	}

	static class Outbox {

		private final List<String> calls;

		Outbox(List<String> calls) {
			this.calls = calls;
		}

		@OnShutdown(stage = "flush")
		public void flush() {
			this.calls.add("flushed");
		}

	}

}

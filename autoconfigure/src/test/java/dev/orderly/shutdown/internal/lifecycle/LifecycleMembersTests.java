package dev.orderly.shutdown.internal.lifecycle;

import java.time.Duration;

import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.autoconfigure.OrderlyShutdownAutoConfiguration;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.report.TaskReport;
import dev.orderly.shutdown.testsupport.RecordingListener;
import dev.orderly.shutdown.testsupport.StoppableLifecycle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.support.DefaultLifecycleProcessor;

import static dev.orderly.shutdown.internal.lifecycle.ClosedRun.close;
import static dev.orderly.shutdown.internal.lifecycle.ClosedRun.task;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lifecycle beans moved into a stage by {@code orderly.shutdown.stages.<stage>.lifecycles}:
 * how their stop is timed and reported, and that Spring leaves them alone.
 */
@ExtendWith(OutputCaptureExtension.class)
class LifecycleMembersTests {

	/** A listener container's phase in Spring Kafka: before the web stage. */
	static final int LISTENER_CONTAINER_PHASE = Integer.MAX_VALUE - 100;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class, LifecycleAutoConfiguration.class))
		.withBean(RecordingListener.class, RecordingListener::new);

	@Test
	void anAsyncStopIsTimedUntilItsCallbackRuns() {
		StoppableLifecycle registry = new StoppableLifecycle(LISTENER_CONTAINER_PHASE, Duration.ofMillis(300));
		this.runner.withBean("listenerRegistry", StoppableLifecycle.class, () -> registry)
			.withPropertyValues("orderly.shutdown.stages.consumers.lifecycles=listenerRegistry")
			.run((context) -> {
				ShutdownReport report = close(context);
				TaskReport member = task(report, "consumers", "lifecycle:listenerRegistry");
				assertThat(member.outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
				assertThat(member.source())
					.isEqualTo("SmartLifecycle listenerRegistry (phase " + LISTENER_CONTAINER_PHASE + ")");
				// measured around 300 ms; the upper bound leaves room for a loaded machine
				assertThat(member.duration()).isBetween(Duration.ofMillis(290), Duration.ofMillis(2500));
				assertThat(registry.stops).singleElement().asString().startsWith("stop(Runnable) on orderly-shutdown-consumers");
			});
	}

	@Test
	void anAsyncStopWhoseCallbackNeverComesTimesOutAtTheStageDeadlineAndTheShutdownGoesOn() {
		StoppableLifecycle registry = new StoppableLifecycle(LISTENER_CONTAINER_PHASE, null);
		this.runner.withBean("listenerRegistry", StoppableLifecycle.class, () -> registry)
			.withPropertyValues("orderly.shutdown.stages.consumers.lifecycles=listenerRegistry",
					"orderly.shutdown.stages.consumers.timeout=1s")
			.run((context) -> {
				ShutdownReport report = close(context);
				TaskReport member = task(report, "consumers", "lifecycle:listenerRegistry");
				assertThat(member.outcome()).isEqualTo(ShutdownOutcome.TIMED_OUT);
				assertThat(member.error()).isEqualTo("cancelled after 1 s");
				assertThat(member.duration()).isBetween(Duration.ofMillis(990), Duration.ofMillis(3000));
				assertThat(report.stages()).extracting(StageReport::name, StageReport::outcome)
					.containsExactly(org.assertj.core.groups.Tuple.tuple("consumers", ShutdownOutcome.TIMED_OUT),
							org.assertj.core.groups.Tuple.tuple("flush", ShutdownOutcome.COMPLETED),
							org.assertj.core.groups.Tuple.tuple("release", ShutdownOutcome.COMPLETED));
				assertThat(registry.stops).hasSize(1);
			});
	}

	@Test
	void aLifecycleWithALaterPhaseStopsInItsStageAndSpringDoesNotStopItAgain() {
		StoppableLifecycle executorLike = new StoppableLifecycle(Integer.MAX_VALUE / 2, Duration.ZERO);
		this.runner.withBean("worker", StoppableLifecycle.class, () -> executorLike)
			.withPropertyValues("orderly.shutdown.stages.flush.lifecycles=worker")
			.run((context) -> {
				ShutdownReport report = close(context);
				assertThat(task(report, "flush", "lifecycle:worker").outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
				assertThat(executorLike.stops).singleElement().asString().startsWith("stop(Runnable) on orderly-shutdown-flush");
			});
	}

	@Test
	void aPlainLifecycleStartedByTheApplicationIsStoppedWithStop() {
		PlainLifecycle plain = new PlainLifecycle();
		this.runner.withBean("plain", PlainLifecycle.class, () -> plain)
			.withPropertyValues("orderly.shutdown.stages.release.lifecycles=plain")
			.run((context) -> {
				// Spring starts a plain Lifecycle only on an explicit start
				context.start();
				ShutdownReport report = close(context);
				TaskReport member = task(report, "release", "lifecycle:plain");
				assertThat(member.outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
				assertThat(member.source()).isEqualTo("Lifecycle plain (phase 0)");
				assertThat(plain.stops).isEqualTo(1);
			});
	}

	@Test
	void aPlainLifecycleNeverStartedHasNothingToStop() {
		PlainLifecycle plain = new PlainLifecycle();
		this.runner.withBean("plain", PlainLifecycle.class, () -> plain)
			.withPropertyValues("orderly.shutdown.stages.release.lifecycles=plain")
			.run((context) -> {
				TaskReport member = task(close(context), "release", "lifecycle:plain");
				assertThat(member.outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
				assertThat(member.error()).isEqualTo("not running: nothing to stop");
				assertThat(plain.stops).isZero();
			});
	}

	@Test
	void outsideAShutdownRunSpringStartsAndStopsTheMembersAsUsual() {
		StoppableLifecycle registry = new StoppableLifecycle(LISTENER_CONTAINER_PHASE, Duration.ZERO);
		this.runner.withBean("listenerRegistry", StoppableLifecycle.class, () -> registry)
			.withPropertyValues("orderly.shutdown.stages.consumers.lifecycles=listenerRegistry")
			.run((context) -> {
				assertThat(registry.isRunning()).isTrue();
				context.stop();
				assertThat(registry.stops).singleElement().asString().startsWith("stop(Runnable) on main");
				context.start();
				assertThat(registry.isRunning()).isTrue();
			});
	}

	@Test
	void theStartupLogSaysWhatMoved(CapturedOutput output) {
		this.runner.withBean("listenerRegistry", StoppableLifecycle.class,
				() -> new StoppableLifecycle(LISTENER_CONTAINER_PHASE, Duration.ZERO))
			.withPropertyValues("orderly.shutdown.stages.consumers.lifecycles=listenerRegistry")
			.run((context) -> assertThat(output)
				.contains("listenerRegistry stops in stage 'consumers' (after the web stage) instead of at phase "
						+ LISTENER_CONTAINER_PHASE + " (before the web stage)")
				.containsPattern("consumers +5 s +phase \\d+, lifecycle:listenerRegistry"));
	}

	@Test
	void withLazyInitializationAMemberStillStopsInItsStage() {
		StoppableLifecycle registry = new StoppableLifecycle(LISTENER_CONTAINER_PHASE, Duration.ZERO);
		this.runner.withBean("listenerRegistry", StoppableLifecycle.class, () -> registry)
			.withInitializer((context) -> context
				.addBeanFactoryPostProcessor(new LazyInitializationBeanFactoryPostProcessor()))
			.withPropertyValues("orderly.shutdown.stages.consumers.lifecycles=listenerRegistry")
			.run((context) -> {
				assertThat(registry.isRunning()).isTrue();
				TaskReport member = task(close(context), "consumers", "lifecycle:listenerRegistry");
				assertThat(member.outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
				assertThat(registry.stops).hasSize(1);
			});
	}

	@Test
	void theLifecycleProcessorKeepsSpringBootsTimeoutPerShutdownPhase() {
		this.runner.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=7s").run((context) -> {
			assertThat(context).getBean("lifecycleProcessor").isInstanceOf(StagedLifecycleProcessor.class);
			// what Spring waits for a phase the starter does not own
			assertThat(context.getBean(StagedLifecycleProcessor.class)).extracting("timeoutPerShutdownPhase")
				.isEqualTo(7000L);
		});
	}

	@Test
	void anApplicationsOwnLifecycleProcessorIsKept() {
		this.runner.withBean("lifecycleProcessor", DefaultLifecycleProcessor.class, DefaultLifecycleProcessor::new)
			.run((context) -> assertThat(context).getBean("lifecycleProcessor")
				.isNotInstanceOf(StagedLifecycleProcessor.class));
	}

	static class PlainLifecycle implements org.springframework.context.Lifecycle {

		volatile int stops;

		private volatile boolean running;

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			this.stops++;
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

	}


}

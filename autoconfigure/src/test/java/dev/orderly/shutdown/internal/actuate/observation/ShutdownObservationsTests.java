package dev.orderly.shutdown.internal.actuate.observation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import dev.orderly.shutdown.ShutdownTaskRegistration;
import dev.orderly.shutdown.ShutdownTrigger;
import dev.orderly.shutdown.autoconfigure.OrderlyShutdownAutoConfiguration;
import dev.orderly.shutdown.autoconfigure.OrderlyShutdownObservationAutoConfiguration;
import dev.orderly.shutdown.observation.ShutdownTaskObservationContext;
import dev.orderly.shutdown.report.ShutdownReport;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The observations of a run as a tracing backend sees them: a task that failed or timed out
 * is an error, and every observation is stopped, and let go, once the run has finished.
 */
class ShutdownObservationsTests {

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	private final List<Observation.Context> started = new CopyOnWriteArrayList<>();

	private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class,
				OrderlyShutdownObservationAutoConfiguration.class))
		.withBean(ObservationRegistry.class, () -> this.registry);

	@BeforeEach
	void recordStartsAndStops() {
		this.registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStart(Observation.Context context) {
				ShutdownObservationsTests.this.started.add(context);
			}

			@Override
			public void onStop(Observation.Context context) {
				ShutdownObservationsTests.this.stopped.add(context);
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
	}

	@Test
	void aTaskThatFailedOrTimedOutIsAnErrorOfItsObservation() {
		this.runner
			.withBean("outbox", ShutdownTaskRegistration.class,
					() -> ShutdownTaskRegistration.of("flush", "outbox", (context) -> {
					}))
			.withBean("cache", ShutdownTaskRegistration.class,
					() -> ShutdownTaskRegistration.of("flush", "cache", (context) -> {
						throw new IllegalStateException("disk full");
					}))
			.withBean("slow", ShutdownTaskRegistration.class,
					() -> ShutdownTaskRegistration.of("flush", "slow", (context) -> Thread.sleep(10_000))
						.withTimeout(Duration.ofMillis(200)))
			.run((context) -> context.close());
		TestObservationRegistryAssert.assertThat(this.registry).hasHandledContextsThatSatisfy((contexts) -> {
			Map<String, Observation.Context> tasks = contexts.stream()
				.filter(ShutdownTaskObservationContext.class::isInstance)
				.collect(Collectors.toMap((task) -> ((ShutdownTaskObservationContext) task).getTaskName(),
						(task) -> task));
			assertThat(tasks).containsOnlyKeys("outbox", "cache", "slow");
			assertThat(tasks.get("outbox").getError()).isNull();
			assertThat(tasks.get("cache").getError()).isNotNull()
				.hasMessage("Shutdown task 'cache' failed: IllegalStateException: disk full");
			assertThat(tasks.get("slow").getError()).isNotNull()
				.hasMessageStartingWith("Shutdown task 'slow' timed out: cancelled after");
		});
	}

	@Test
	void onceTheRunHasFinishedEveryObservationIsStoppedAndNoneIsHeld() {
		this.runner
			.withBean("outbox", ShutdownTaskRegistration.class,
					() -> ShutdownTaskRegistration.of("flush", "outbox", (context) -> {
					}))
			.run((context) -> {
				ShutdownObservations observations = context.getBean(ShutdownObservations.class);
				context.close();
				assertThat(observations.openObservations()).isZero();
			});
		assertThat(this.started).hasSize(5);
		assertThat(this.stopped).containsExactlyInAnyOrderElementsOf(this.started);
	}

	@Test
	void aStageStillOpenWhenTheRunFinishesIsStoppedWithIt() {
		ShutdownObservations observations = new ShutdownObservations(this.registry, null, null, null);
		ShutdownReport report = new ShutdownReport("id", ShutdownTrigger.API, null, Instant.now(), Duration.ZERO,
				Duration.ofSeconds(30), false, List.of());
		observations.runStarted(report);
		observations.stageStarted(report, "flush");
		observations.taskStarted(report, "flush", "outbox");
		// the stage ended after the run had finished, so its end is not reported
		observations.runFinished(report);
		assertThat(this.started).hasSize(3);
		assertThat(this.stopped).containsExactlyInAnyOrderElementsOf(this.started);
		assertThat(observations.openObservations()).isZero();
	}

}

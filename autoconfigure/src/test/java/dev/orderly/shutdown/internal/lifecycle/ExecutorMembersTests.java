package dev.orderly.shutdown.internal.lifecycle;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.ShutdownTaskRegistration;
import dev.orderly.shutdown.autoconfigure.OrderlyShutdownAutoConfiguration;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.TaskReport;
import dev.orderly.shutdown.testsupport.RecordingListener;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

import static dev.orderly.shutdown.internal.lifecycle.ClosedRun.close;
import static dev.orderly.shutdown.internal.lifecycle.ClosedRun.stage;
import static dev.orderly.shutdown.internal.lifecycle.ClosedRun.task;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Boot's application task executor finishes its tasks inside the {@code flush} stage,
 * counted finished or abandoned, and accepts work until then.
 */
class ExecutorMembersTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class,
				LifecycleAutoConfiguration.class, TaskExecutionAutoConfiguration.class))
		.withUserConfiguration(AsyncConfiguration.class)
		.withBean(RecordingListener.class, RecordingListener::new);

	@Test
	void anAsyncTaskRunningAtShutdownFinishesInsideFlushAndIsCountedFinished() {
		this.runner.run((context) -> {
			Worker worker = context.getBean(Worker.class);
			CompletableFuture<String> work = worker.work(Duration.ofSeconds(1));
			worker.awaitStarted();
			ShutdownReport report = close(context);
			assertThat(work).isCompletedWithValue("done");
			TaskReport executor = task(report, "flush", "lifecycle:applicationTaskExecutor");
			assertThat(executor.outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
			assertThat(executor.source()).startsWith("ThreadPoolTaskExecutor applicationTaskExecutor (phase "
					+ Integer.MAX_VALUE / 2 + ")");
			assertThat(executor.error()).isEqualTo("1 task finished");
			assertThat(stage(report, "flush").counts()).containsEntry(ExecutorStop.TASKS_FINISHED, 1L)
				.containsEntry(ExecutorStop.TASKS_ABANDONED, 0L);
		});
	}

	@Test
	void anAsyncTaskRunningLongerThanTheStageIsCountedAbandonedAndTheShutdownGoesOn() {
		this.runner.withPropertyValues("orderly.shutdown.stages.flush.timeout=1s").run((context) -> {
			Worker worker = context.getBean(Worker.class);
			worker.work(Duration.ofSeconds(20));
			worker.awaitStarted();
			ShutdownReport report = close(context);
			TaskReport executor = task(report, "flush", "lifecycle:applicationTaskExecutor");
			assertThat(executor.outcome()).isEqualTo(ShutdownOutcome.TIMED_OUT);
			assertThat(executor.error())
				.isEqualTo("cancelled after 1 s; 0 tasks finished, 1 abandoned (1 running, 0 not started)");
			assertThat(stage(report, "flush").counts()).containsEntry(ExecutorStop.TASKS_FINISHED, 0L)
				.containsEntry(ExecutorStop.TASKS_ABANDONED, 1L);
			assertThat(stage(report, "release").outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
		});
	}

	@Test
	void workHandedToTheExecutorDuringConsumersIsAcceptedAndFinishedInFlush() {
		this.runner.run((context) -> {
			Worker worker = context.getBean(Worker.class);
			CompletableFuture<CompletableFuture<String>> handedOver = new CompletableFuture<>();
			context.getBean(Handover.class).action = () -> {
				try {
					handedOver.complete(worker.work(Duration.ofMillis(300)));
				}
				catch (RuntimeException | InterruptedException ex) {
					handedOver.completeExceptionally(ex);
				}
			};
			ShutdownReport report = close(context);
			assertThat(handedOver).succeedsWithin(Duration.ofSeconds(1))
				.satisfies((future) -> assertThat(future).isCompletedWithValue("done"));
			assertThat(stage(report, "flush").counts()).containsEntry(ExecutorStop.TASKS_FINISHED, 1L);
		});
	}

	@Test
	void withExecutorsSwitchedOffTheExecutorIsNoStageMember() {
		this.runner.withPropertyValues("orderly.shutdown.lifecycles.executors=false").run((context) -> {
			ShutdownReport report = close(context);
			assertThat(stage(report, "flush").tasks()).extracting(TaskReport::name)
				.doesNotContain("lifecycle:applicationTaskExecutor");
			assertThat(stage(report, "flush").counts()).isEmpty();
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class AsyncConfiguration {

		@Bean
		Worker worker() {
			return new Worker();
		}

		@Bean
		Handover handover() {
			return new Handover();
		}

		@Bean
		ShutdownTaskRegistration handOverInConsumers(Handover handover) {
			return ShutdownTaskRegistration.of("consumers", "hand-over", (context) -> handover.action.run());
		}

	}

	/** What a listener container does in consumers: hand a record to the executor. */
	static class Handover {

		volatile Runnable action = () -> {
		};

	}

	static class Worker {

		private final CountDownLatch started = new CountDownLatch(1);

		void awaitStarted() throws InterruptedException {
			assertThat(this.started.await(10, TimeUnit.SECONDS)).isTrue();
		}

		@Async
		CompletableFuture<String> work(Duration time) throws InterruptedException {
			this.started.countDown();
			Thread.sleep(time.toMillis());
			return CompletableFuture.completedFuture("done");
		}

	}

}

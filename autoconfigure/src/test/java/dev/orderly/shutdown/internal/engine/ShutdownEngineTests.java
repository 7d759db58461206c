package dev.orderly.shutdown.internal.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.orderly.shutdown.OnShutdown;
import dev.orderly.shutdown.OrderlyShutdown;
import dev.orderly.shutdown.ShutdownContext;
import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.ShutdownTaskRegistration;
import dev.orderly.shutdown.ShutdownTrigger;
import dev.orderly.shutdown.autoconfigure.OrderlyShutdownAutoConfiguration;
import dev.orderly.shutdown.autoconfigure.OrderlyShutdownReportFileAutoConfiguration;
import dev.orderly.shutdown.report.ShutdownListener;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.report.TaskReport;
import dev.orderly.shutdown.testsupport.RecordingListener;
import dev.orderly.shutdown.testsupport.SlowListener;
import jakarta.annotation.PreDestroy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behaviour of the stage engine in real application contexts: what a user sees in the
 * order of their cleanup, its timing and the report.
 */
@ExtendWith(OutputCaptureExtension.class)
class ShutdownEngineTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class))
		.withBean(RecordingListener.class, RecordingListener::new)
		.withBean("journal", Journal.class, Journal::new);

	@Test
	void stagesRunInOrderWithAddedStageInPlace() {
		this.runner.withUserConfiguration(OneTaskPerStage.class, AuditTask.class)
			.withPropertyValues("orderly.shutdown.stages.audit.order=150", "orderly.shutdown.stages.audit.timeout=2s")
			.run((context) -> {
				Journal journal = context.getBean(Journal.class);
				RecordingListener listener = context.getBean(RecordingListener.class);
				journal.add("running");
				context.close();
				assertThat(journal.entries).containsExactly("running", "consumers", "audit", "flush", "release");
				ShutdownReport report = listener.report();
				assertThat(report.trigger()).isEqualTo(ShutdownTrigger.CONTEXT_CLOSE);
				assertThat(report.stages()).extracting(StageReport::name)
					.containsExactly("consumers", "audit", "flush", "release");
				assertThat(report.outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
				assertThat(listener.events).startsWith("run started by CONTEXT_CLOSE",
						"stage started consumers", "task finished consumers/consumers-task completed",
						"stage finished consumers completed");
			});
	}

	@Test
	void tasksOfOneStageRunConcurrently() {
		ApplicationContextRunner eightSlowTasks = this.runner;
		for (int i = 1; i <= 8; i++) {
			String name = "slow-" + i;
			eightSlowTasks = eightSlowTasks.withBean(name, ShutdownTaskRegistration.class,
					() -> ShutdownTaskRegistration.of("flush", name, (context) -> Thread.sleep(500)));
		}
		eightSlowTasks.run((context) -> {
			Journal journal = context.getBean(Journal.class);
			RecordingListener listener = context.getBean(RecordingListener.class);
			long start = System.nanoTime();
			context.close();
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			StageReport flush = listener.report().stage("flush");
			assertThat(flush.tasks()).hasSize(8).allSatisfy((task) -> {
				assertThat(task.outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
				assertThat(task.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(500));
			});
			// Sequentially they would take 8 x 500 ms = 4 s.
			assertThat(flush.duration()).isLessThan(Duration.ofMillis(2000));
			assertThat(took).isLessThan(Duration.ofMillis(3000));
		});
	}

	@Test
	void hungTaskTimesOutIsInterruptedAndLaterStagesStillRun() {
		this.runner.withUserConfiguration(HungAndCooperativeTasks.class, OneTaskPerStage.class).run((context) -> {
			Journal journal = context.getBean(Journal.class);
			RecordingListener listener = context.getBean(RecordingListener.class);
			HungAndCooperativeTasks tasks = context.getBean(HungAndCooperativeTasks.class);
			long start = System.nanoTime();
			context.close();
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			ShutdownReport report = listener.report();
			StageReport consumers = report.stage("consumers");
			assertThat(consumers.outcome()).isEqualTo(ShutdownOutcome.TIMED_OUT);
			TaskReport hung = task(consumers, "hung");
			assertThat(hung.outcome()).isEqualTo(ShutdownOutcome.TIMED_OUT);
			assertThat(hung.error()).isEqualTo("cancelled after 500 ms");
			assertThat(hung.duration()).isBetween(Duration.ofMillis(450), Duration.ofMillis(1500));
			TaskReport cooperative = task(consumers, "cooperative");
			assertThat(cooperative.outcome()).isEqualTo(ShutdownOutcome.TIMED_OUT);
						assertThat(tasks.sawCancellation).isTrue();
			assertThat(tasks.interrupted.get()).isEqualTo(2);
			assertThat(journal.entries).containsExactly("consumers", "flush", "release");
			assertThat(report.stage("flush").outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
			assertThat(report.stage("release").outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
			assertThat(took).isLessThan(Duration.ofSeconds(3));
		});
	}

	@Test
	void failingTaskIsReportedAndTheRestStillRuns() {
		this.runner.withUserConfiguration(FailingTask.class, OneTaskPerStage.class).run((context) -> {
			Journal journal = context.getBean(Journal.class);
			RecordingListener listener = context.getBean(RecordingListener.class);
			context.close();
			ShutdownReport report = listener.report();
			StageReport flush = report.stage("flush");
			assertThat(flush.outcome()).isEqualTo(ShutdownOutcome.FAILED);
			assertThat(task(flush, "disk").outcome()).isEqualTo(ShutdownOutcome.FAILED);
			assertThat(task(flush, "disk").error()).isEqualTo("IllegalStateException: disk full");
			assertThat(task(flush, "flush-task").outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
			assertThat(report.stage("release").outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
			assertThat(report.outcome()).isEqualTo(ShutdownOutcome.FAILED);
			assertThat(journal.entries).containsExactly("consumers", "flush", "release");
		});
	}

	@Test
	void stagesRunOnceWhateverTriggersShutdownAndHowOften() {
		this.runner.withUserConfiguration(OneTaskPerStage.class).run((context) -> {
			Journal journal = context.getBean(Journal.class);
			RecordingListener listener = context.getBean(RecordingListener.class);
			OrderlyShutdown shutdown = context.getBean(OrderlyShutdown.class);
			ExecutorService threads = Executors.newFixedThreadPool(16);
			CountDownLatch go = new CountDownLatch(1);
			List<Future<String>> ids = new ArrayList<>();
			for (int i = 0; i < 16; i++) {
				boolean viaApi = i % 2 == 0;
				ids.add(threads.submit(() -> {
					go.await();
					if (viaApi) {
						return shutdown.initiate("attempt").get(10, TimeUnit.SECONDS).id();
					}
					context.close();
					return null;
				}));
			}
			go.countDown();
			Set<String> reportIds = ConcurrentHashMap.newKeySet();
			for (Future<String> id : ids) {
				String value = id.get(10, TimeUnit.SECONDS);
				if (value != null) {
					reportIds.add(value);
				}
			}
			threads.shutdown();
			assertThat(reportIds).hasSize(1);
			assertThat(journal.entries).containsExactly("consumers", "flush", "release");
			assertThat(listener.events).filteredOn((event) -> event.startsWith("run "))
				.hasSize(2);
			assertThat(shutdown.initiate("again").get(1, TimeUnit.SECONDS).id()).isIn(reportIds);
		});
	}

	@Test
	void initiateRecordsTriggerAndReasonAndTasksSeeThem() {
		this.runner.withUserConfiguration(ContextInspectingTask.class).run((context) -> {
			Journal journal = context.getBean(Journal.class);
			RecordingListener listener = context.getBean(RecordingListener.class);
			ContextInspectingTask task = context.getBean(ContextInspectingTask.class);
			ShutdownReport report = context.getBean(OrderlyShutdown.class)
				.initiate("rebalancing")
				.get(10, TimeUnit.SECONDS);
			assertThat(report.trigger()).isEqualTo(ShutdownTrigger.API);
			assertThat(report.reason()).isEqualTo("rebalancing");
						assertThat(task.seen.get(10, TimeUnit.SECONDS)).isEqualTo("release/inspect API rebalancing");
			// the stage timeout is 5 s: the task saw most of it left
			assertThat(task.remaining).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(5));
		});
	}

	@Test
	void adoptedBeanCleanupRunsOnceInsideItsStage() {
		this.runner.withUserConfiguration(LegacyClientConfiguration.class, OneTaskPerStage.class)
			.withPropertyValues("orderly.shutdown.stages.flush.beans=legacyClient")
			.run((context) -> {
				Journal journal = context.getBean(Journal.class);
				RecordingListener listener = context.getBean(RecordingListener.class);
				LegacyClient client = context.getBean(LegacyClient.class);
				context.close();
				assertThat(client.closed.get()).isEqualTo(1);
				// inside flush (concurrently with its other task): after consumers, before release
				assertThat(journal.entries).hasSize(5).startsWith("consumers").endsWith("release");
				assertThat(journal.entries.subList(1, 4)).containsExactlyInAnyOrder("flush", "legacy-user closed",
						"legacy-client closed");
				// Spring ends the beans that depend on the adopted one first
				assertThat(journal.entries.indexOf("legacy-user closed"))
					.isLessThan(journal.entries.indexOf("legacy-client closed"));
				TaskReport adopted = task(listener.report().stage("flush"),
						"bean:legacyClient");
				assertThat(adopted.outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
				assertThat(adopted.source()).isEqualTo("adopted bean 'legacyClient' (also ends legacyUser)");
			});
	}

	@Test
	void lateStartShortensAStageButLeavesLaterStagesTheirTime() {
		// 3 x 1 s of stages in a 3.2 s budget; a slow close listener spends 600 ms of it first
		this.runner.withUserConfiguration(SlowWork.class)
			.withBean(SlowCloseListener.class, () -> new SlowCloseListener(600))
			.withPropertyValues(budget("3200ms", "1s", "1s", "1s"))
			.run((context) -> {
				Journal journal = context.getBean(Journal.class);
				RecordingListener listener = context.getBean(RecordingListener.class);
				context.close();
				ShutdownReport report = listener.report();
				// consumers gets only what is left before the 2 s reserved for flush and release
				StageReport consumers = report.stage("consumers");
				assertThat(consumers.outcome()).isEqualTo(ShutdownOutcome.TIMED_OUT);
				assertThat(consumers.duration()).isBetween(Duration.ofMillis(300), Duration.ofMillis(900));
				// the task's message gives the time it actually had, not its 1 s timeout
				assertThat(task(consumers, "two-seconds").error()).matches("cancelled after \\d{3} ms \\(run deadline\\)");
				assertThat(report.stage("flush").outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
				assertThat(report.stage("release").outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
				assertThat(report.duration()).isLessThan(Duration.ofMillis(3200));
			});
	}

	@Test
	void spentBudgetSkipsStagesAndSaysSo() {
		// a slow close listener spends 1.6 s of the 2.2 s budget: only release's 1 s is left whole
		this.runner.withUserConfiguration(OneTaskPerStage.class)
			.withBean(SlowCloseListener.class, () -> new SlowCloseListener(1600))
			.withPropertyValues(budget("2200ms", "500ms", "500ms", "1s"))
			.run((context) -> {
				Journal journal = context.getBean(Journal.class);
				RecordingListener listener = context.getBean(RecordingListener.class);
				context.close();
				ShutdownReport report = listener.report();
				StageReport consumers = report.stage("consumers");
				assertThat(consumers.outcome()).isEqualTo(ShutdownOutcome.SKIPPED);
				assertThat(consumers.detail()).isEqualTo("budget spent");
				assertThat(consumers.tasks()).extracting(TaskReport::outcome).containsExactly(ShutdownOutcome.SKIPPED);
				assertThat(report.stage("flush").outcome()).isEqualTo(ShutdownOutcome.SKIPPED);
				assertThat(report.stage("release").outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
				assertThat(report.outcome()).isEqualTo(ShutdownOutcome.SKIPPED);
				assertThat(journal.entries).containsExactly("release");
			});
	}

	@Test
	void springWaitsForBeansInAStagePhaseOnlyAsLongAsTheStage() {
		this.runner.withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class))
			.withUserConfiguration(NeverStoppingLifecycle.class)
			.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=30s",
					"orderly.shutdown.stages.consumers.timeout=1s")
			.run((context) -> {
				Journal journal = context.getBean(Journal.class);
				RecordingListener listener = context.getBean(RecordingListener.class);
				long start = System.nanoTime();
				context.close();
				Duration took = Duration.ofNanos(System.nanoTime() - start);
				// Without per-phase timeouts Spring would wait the 30 s of every phase.
				assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
			});
	}

	@Test
	void tasksThatRunToTheirStageTimeoutEndTheirStageBeforeTheNextStageAndTheRunFinishLast(@TempDir Path directory)
			throws Exception {
		Path file = directory.resolve("shutdown.jsonl");
		this.runner
			.withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class,
					OrderlyShutdownReportFileAutoConfiguration.class))
			.withUserConfiguration(TasksRunningToTheirTimeout.class)
			.withBean(SlowTaskListener.class, SlowTaskListener::new)
			.withPropertyValues("orderly.shutdown.stages.consumers.timeout=1s",
					"orderly.shutdown.stages.release.timeout=1s", "orderly.shutdown.report.file=" + file)
			.run((context) -> {
				RecordingListener listener = context.getBean(RecordingListener.class);
				context.close();
				// each stage has finished (and told its listeners) before the next one starts; the run finishes last
				assertThat(listener.events).containsExactly("run started by CONTEXT_CLOSE", "stage started consumers",
						"task finished consumers/until-its-deadline timed_out", "stage finished consumers timed_out",
						"stage started flush", "stage finished flush completed", "stage started release",
						"task finished release/hung timed_out", "stage finished release timed_out",
						"run finished timed_out");
				ShutdownReport report = listener.report();
				assertThat(report.stages()).extracting(StageReport::name)
					.containsExactly("consumers", "flush", "release");
				assertThat(task(report.stage("release"), "hung").error()).isEqualTo("cancelled after 1 s");
				assertThat(Files.readAllLines(file)).extracting((line) -> line.substring(10, line.indexOf(',') - 1))
					.containsExactly("run_started", "stage_started", "task_finished", "stage_finished",
							"stage_started", "stage_finished", "stage_started", "task_finished", "stage_finished",
							"run_finished");
			});
	}

	@Test
	void aTaskThatFinishesJustBeforeItsDeadlineIsReportedBeforeItsStageEnds() {
		// the task ends 200 ms before the stage's deadline; telling a slow listener takes 500 ms
		this.runner.withBean(SlowFirstListener.class, SlowFirstListener::new)
			.withBean("justInTime", ShutdownTaskRegistration.class,
					() -> ShutdownTaskRegistration.of("flush", "just-in-time", (context) -> Thread.sleep(800)))
			.withPropertyValues("orderly.shutdown.stages.flush.timeout=1s")
			.run((context) -> {
				RecordingListener listener = context.getBean(RecordingListener.class);
				context.close();
				assertThat(listener.events).containsSubsequence("stage started flush",
						"task finished flush/just-in-time completed", "stage finished flush completed",
						"stage started release");
				assertThat(task(listener.report().stage("flush"), "just-in-time").outcome())
					.isEqualTo(ShutdownOutcome.COMPLETED);
			});
	}

	@Test
	void aListenerThatBlocksOnEveryFinishedTaskDoesNotHoldItsStagePastItsDeadline(@TempDir Path directory,
			CapturedOutput output) throws Exception {
		// the task ends just before the stage's 1 s deadline; one listener then blocks for 3 s
		Path file = directory.resolve("shutdown.jsonl");
		this.runner
			.withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class,
					OrderlyShutdownReportFileAutoConfiguration.class))
			.withBean(BlockingListener.class, BlockingListener::new)
			.withBean(StageClock.class, StageClock::new)
			.withBean("justInTime", ShutdownTaskRegistration.class,
					() -> ShutdownTaskRegistration.of("flush", "just-in-time",
							(context) -> Thread.sleep(Math.max(0, context.remaining().toMillis() - 100))))
			.withPropertyValues("orderly.shutdown.stages.flush.timeout=1s", "orderly.shutdown.report.file=" + file)
			.run((context) -> {
				RecordingListener listener = context.getBean(RecordingListener.class);
				StageClock clock = context.getBean(StageClock.class);
				context.close();
				assertThat(listener.events).containsExactly("run started by CONTEXT_CLOSE", "stage started consumers",
						"stage finished consumers completed", "stage started flush",
						"task finished flush/just-in-time completed", "stage finished flush completed",
						"stage started release", "stage finished release completed", "run finished completed");
				// the stage ended at its deadline (1 s), not when the blocking listener let go (after about 4 s)
				assertThat(clock.between("started flush", "finished flush")).isLessThan(Duration.ofMillis(1900));
				assertThat(listener.report().stages()).extracting(StageReport::name)
					.containsExactly("consumers", "flush", "release");
				assertThat(Files.readAllLines(file)).extracting((line) -> line.substring(10, line.indexOf(',') - 1))
					.containsExactly("run_started", "stage_started", "stage_finished", "stage_started",
							"task_finished", "stage_finished", "stage_started", "stage_finished", "run_finished");
				assertThat(output).contains("Shutdown listener " + BlockingListener.class.getName());
			});
	}

	@Test
	void aListenerThatThrowsDoesNotBreakTheRun(CapturedOutput output) {
		this.runner.withUserConfiguration(OneTaskPerStage.class)
			.withBean(ThrowingListener.class, ThrowingListener::new)
			.run((context) -> {
				Journal journal = context.getBean(Journal.class);
				RecordingListener listener = context.getBean(RecordingListener.class);
				context.close();
				assertThat(journal.entries).containsExactly("consumers", "flush", "release");
				assertThat(listener.events).startsWith("run started by CONTEXT_CLOSE")
					.endsWith("run finished completed");
				assertThat(listener.report().stages()).extracting(StageReport::name)
					.containsExactly("consumers", "flush", "release");
				assertThat(output).contains("Shutdown listener " + ThrowingListener.class.getName() + " failed");
			});
	}

	@Test
	void aListenerBeanThatCannotBeCreatedAtShutdownIsSkippedAndTheRunStillHappens(CapturedOutput output) {
		this.runner.withUserConfiguration(OneTaskPerStage.class)
			.withBean("unreachableListener", UnreachableListener.class, () -> {
				throw new IllegalStateException("audit service unreachable");
			}, (definition) -> definition.setLazyInit(true))
			.run((context) -> {
				Journal journal = context.getBean(Journal.class);
				RecordingListener listener = context.getBean(RecordingListener.class);
				context.close();
				assertThat(journal.entries).containsExactly("consumers", "flush", "release");
				assertThat(listener.report().stages()).extracting(StageReport::name)
					.containsExactly("consumers", "flush", "release");
				assertThat(output).contains("Shutdown listener 'unreachableListener' could not be created")
					.contains("audit service unreachable");
			});
	}

	@Test
	void contextStopAloneDoesNotRunStages() {
		this.runner.withUserConfiguration(OneTaskPerStage.class).run((context) -> {
			Journal journal = context.getBean(Journal.class);
			RecordingListener listener = context.getBean(RecordingListener.class);
			context.stop();
			assertThat(journal.entries).isEmpty();
			context.close();
			assertThat(journal.entries).containsExactly("consumers", "flush", "release");
		});
	}

	private static String[] budget(String budget, String consumers, String flush, String release) {
		return new String[] { "orderly.shutdown.budget=" + budget, "orderly.shutdown.stages.consumers.timeout=" + consumers,
				"orderly.shutdown.stages.flush.timeout=" + flush, "orderly.shutdown.stages.release.timeout=" + release };
	}

	private static TaskReport task(StageReport stage, String name) {
		return stage.tasks().stream().filter((task) -> task.name().equals(name)).findFirst().orElseThrow();
	}

	static class Journal {

		final List<String> entries = new CopyOnWriteArrayList<>();

		void add(String entry) {
			this.entries.add(entry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OneTaskPerStage {

		@Bean
		ShutdownTaskRegistration consumersTask(Journal journal) {
			return ShutdownTaskRegistration.of("consumers", "consumers-task", (context) -> journal.add("consumers"));
		}

		@Bean
		ShutdownTaskRegistration flushTask(Journal journal) {
			return ShutdownTaskRegistration.of("flush", "flush-task", (context) -> journal.add("flush"));
		}

		@Bean
		ShutdownTaskRegistration releaseTask(Journal journal) {
			return ShutdownTaskRegistration.of("release", "release-task", (context) -> journal.add("release"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AuditTask {

		@Bean
		ShutdownTaskRegistration auditTask(Journal journal) {
			return ShutdownTaskRegistration.of("audit", "audit-task", (context) -> journal.add("audit"));
		}

	}

	static class HungAndCooperativeTasks {

		final AtomicInteger interrupted = new AtomicInteger();

		volatile boolean sawCancellation;

		/** Ignores interruption, as badly written cleanup does. */
		@OnShutdown(stage = "consumers", timeout = "500ms", name = "hung")
		void hang() {
			long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (System.nanoTime() < until) {
				try {
					Thread.sleep(50);
				}
				catch (InterruptedException ex) {
					this.interrupted.incrementAndGet();
				}
			}
		}

		/** Checks its context, as well written cleanup does. */
		@OnShutdown(stage = "consumers", timeout = "${test.cooperative-timeout:600ms}", name = "cooperative")
		void cooperate(ShutdownContext context) {
			while (!context.isCancelled()) {
				try {
					Thread.sleep(10);
				}
				catch (InterruptedException ex) {
					this.interrupted.incrementAndGet();
				}
			}
			this.sawCancellation = true;
		}

	}

	static class FailingTask {

		@OnShutdown(stage = "flush", name = "disk")
		void write() {
			throw new IllegalStateException("disk full");
		}

	}

	static class ContextInspectingTask {

		final java.util.concurrent.CompletableFuture<String> seen = new java.util.concurrent.CompletableFuture<>();

		volatile Duration remaining;

		@OnShutdown(stage = "release", name = "inspect")
		void inspect(ShutdownContext context) {
			this.remaining = context.remaining();
			this.seen.complete(context.stage() + "/" + context.task() + " " + context.trigger() + " " + context.reason());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LegacyClientConfiguration {

		@Bean
		LegacyClient legacyClient(Journal journal) {
			return new LegacyClient(journal);
		}

		@Bean
		LegacyUser legacyUser(LegacyClient client, Journal journal) {
			return new LegacyUser(journal);
		}

	}

	static class LegacyClient {

		final AtomicInteger closed = new AtomicInteger();

		private final Journal journal;

		LegacyClient(Journal journal) {
			this.journal = journal;
		}

		@PreDestroy
		void close() {
			this.closed.incrementAndGet();
			this.journal.add("legacy-client closed");
		}

	}

	static class LegacyUser implements org.springframework.beans.factory.DisposableBean {

		private final Journal journal;

		LegacyUser(Journal journal) {
			this.journal = journal;
		}

		@Override
		public void destroy() {
			this.journal.add("legacy-user closed");
		}

	}

	@Order(0)
	static class SlowCloseListener implements ApplicationListener<ContextClosedEvent> {

		private final long millis;

		SlowCloseListener(long millis) {
			this.millis = millis;
		}

		@Override
		public void onApplicationEvent(ContextClosedEvent event) {
			try {
				Thread.sleep(this.millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	static class SlowWork {

		@OnShutdown(stage = "consumers", name = "two-seconds")
		void twoSeconds() throws InterruptedException {
			Thread.sleep(2000);
		}

		@OnShutdown(stage = "flush", name = "most-of-a-second")
		void flush() throws InterruptedException {
			Thread.sleep(800);
		}

		@OnShutdown(stage = "release", name = "most-of-a-second")
		void release() throws InterruptedException {
			Thread.sleep(800);
		}

	}

	/**
	 * Takes a moment to record each finished task, like a listener writing to slow storage:
	 * the stage ends that much after its deadline.
	 */
	static class SlowTaskListener extends SlowListener {

		SlowTaskListener() {
			super(Duration.ofMillis(200));
		}

	}

	/** Told first, and slow to record a finished task. */
	@Order(Ordered.HIGHEST_PRECEDENCE)
	static class SlowFirstListener extends SlowListener {

		SlowFirstListener() {
			super(Duration.ofMillis(500));
		}

	}

	/** Told first, and blocks for 3 s on every finished task, like a call to a service that hangs. */
	@Order(Ordered.HIGHEST_PRECEDENCE)
	static class BlockingListener extends SlowListener {

		BlockingListener() {
			super(Duration.ofSeconds(3));
		}

	}

	/** Told first, and fails on every event, as with a class missing from a jar replaced during a deploy. */
	@Order(Ordered.HIGHEST_PRECEDENCE)
	static class ThrowingListener implements ShutdownListener {

		@Override
		public void runStarted(ShutdownReport report) {
			throw new NoClassDefFoundError("com/acme/audit/AuditEvent");
		}

		@Override
		public void stageStarted(ShutdownReport report, String stage) {
			throw new NoClassDefFoundError("com/acme/audit/AuditEvent");
		}

		@Override
		public void taskFinished(ShutdownReport report, String stage, TaskReport task) {
			throw new IllegalStateException("audit queue full");
		}

		@Override
		public void stageFinished(ShutdownReport report, StageReport stage) {
			throw new NoClassDefFoundError("com/acme/audit/AuditEvent");
		}

		@Override
		public void runFinished(ShutdownReport report) {
			throw new NoClassDefFoundError("com/acme/audit/AuditEvent");
		}

	}

	/** A user's lazy listener whose creation fails at shutdown. */
	static class UnreachableListener implements ShutdownListener {

	}

	/** When each stage started and finished, as its listeners heard it. */
	static class StageClock implements ShutdownListener {

		private final Map<String, Long> nanos = new ConcurrentHashMap<>();

		@Override
		public void stageStarted(ShutdownReport report, String stage) {
			this.nanos.put("started " + stage, System.nanoTime());
		}

		@Override
		public void stageFinished(ShutdownReport report, StageReport stage) {
			this.nanos.put("finished " + stage.name(), System.nanoTime());
		}

		Duration between(String from, String to) {
			return Duration.ofNanos(this.nanos.get(to) - this.nanos.get(from));
		}

	}

	static class TasksRunningToTheirTimeout {

		/**
		 * Uses all of its time: sleeps past its deadline, by enough that a stage thread woken
		 * late on a loaded machine still finds it running (with 50 ms it once completed first).
		 */
		@OnShutdown(stage = "consumers", name = "until-its-deadline")
		void untilItsDeadline(ShutdownContext context) throws InterruptedException {
			Thread.sleep(context.remaining().toMillis() + 300);
		}

		/** Hangs past its deadline, in the last stage. */
		@OnShutdown(stage = "release", name = "hung")
		void hung() throws InterruptedException {
			Thread.sleep(10_000);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NeverStoppingLifecycle {

		@Bean
		SmartLifecycle neverStopping() {
			return new SmartLifecycle() {

				private volatile boolean running;

				@Override
				public void start() {
					this.running = true;
				}

				@Override
				public void stop() {
				}

				@Override
				public void stop(Runnable callback) {
					// never calls back: Spring waits for the phase's timeout
				}

				@Override
				public boolean isRunning() {
					return this.running;
				}

				@Override
				public int getPhase() {
					return dev.orderly.shutdown.internal.plan.ShutdownPhases.ofStage(0);
				}

			};
		}

	}

}

package dev.orderly.shutdown.internal.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.ShutdownTaskRegistration;
import dev.orderly.shutdown.autoconfigure.OrderlyShutdownAutoConfiguration;
import dev.orderly.shutdown.autoconfigure.OrderlyShutdownReportFileAutoConfiguration;
import dev.orderly.shutdown.internal.report.ShutdownReportTable;
import dev.orderly.shutdown.internal.report.file.ShutdownReportFile;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.testsupport.RecordingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.Lifecycle;
import org.springframework.context.SmartLifecycle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole shutdown in the plan, the budget and the report: lifecycle beans the starter
 * does not own, at phases above, between and below its stages.
 */
@ExtendWith(OutputCaptureExtension.class)
class LifecyclePhasesTests {

	private static final int LISTENER_PHASE = Integer.MAX_VALUE - 100;

	@TempDir
	Path directory;

	/** What stopped, in order: a bean's name when Spring asks it to stop, a stage's name when it runs. */
	private final List<String> stopped = new CopyOnWriteArrayList<>();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class,
				OrderlyShutdownAutoConfiguration.class, OrderlyShutdownReportFileAutoConfiguration.class))
		.withBean(RecordingListener.class, RecordingListener::new)
		.withBean("listenerContainer", SmartLifecycle.class,
				() -> new RecordingLifecycle("listenerContainer", LISTENER_PHASE, this.stopped, true))
		.withBean("poller", SmartLifecycle.class, () -> new RecordingLifecycle("poller", 5000, this.stopped, true))
		.withBean("plainLifecycle", Lifecycle.class, () -> new PlainLifecycle("plainLifecycle", this.stopped))
		.withBean("lateLifecycle", SmartLifecycle.class,
				() -> new RecordingLifecycle("lateLifecycle", -5, this.stopped, true))
		.withBean("consumersMark", ShutdownTaskRegistration.class, () -> mark("consumers"))
		.withBean("flushMark", ShutdownTaskRegistration.class, () -> mark("flush"))
		.withBean("releaseMark", ShutdownTaskRegistration.class, () -> mark("release"));

	@Test
	void thePlanListsEveryLifecycleBeanInTheOrderTheyThenStop(CapturedOutput output) {
		this.runner.run((context) -> {
			List<String> planned = plannedOrder(output.getOut());
			assertThat(planned).containsExactly("listenerContainer", "consumers", "flush", "release", "poller",
					"plainLifecycle", "lateLifecycle");
			closeOnItsOwnThread(context).get(20, TimeUnit.SECONDS);
			assertThat(this.stopped).containsExactlyElementsOf(planned);
		});
	}

	@Test
	void thePlanGivesEachPhaseItsWaitAndSaysWhatTheBudgetLeaves(CapturedOutput output) {
		this.runner.withPropertyValues("orderly.shutdown.budget=20s", "spring.lifecycle.timeout-per-shutdown-phase=7s")
			.run((context) -> {
				assertThat(output.getOut()).contains("other lifecycle phases wait up to 7 s each, within what the "
						+ "budget has left when they stop (5 s if every stage takes its full time)");
				assertThat(output.getOut()).containsPattern("\n  phase 5000 +<= 7 s  poller\n");
				assertThat(output.getOut()).containsPattern("\n  phase 0 +<= 7 s  plainLifecycle\n");
			});
	}

	@Test
	void whenTheStagesTakeTheWholeBudgetTheStartupWarnsAndNamesThePhasesLeftWithoutTime(CapturedOutput output) {
		this.runner.withPropertyValues("orderly.shutdown.budget=15s").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output.getOut()).contains("The stages take the whole orderly.shutdown.budget (15 s of 15 s): "
					+ "the lifecycle phases " + LISTENER_PHASE + " (listenerContainer), 5000 (poller), "
					+ "0 (plainLifecycle), -5 (lateLifecycle) get only the time the stages leave unused")
				.contains("Raise orderly.shutdown.budget, or shorten the stage timeouts.");
		});
	}

	@Test
	void withTimeLeftInTheBudgetTheStartupDoesNotWarn(CapturedOutput output) {
		this.runner.run((context) -> assertThat(output.getOut()).doesNotContain("The stages take the whole"));
	}

	@Test
	void aBeanThatIsNotRunningWhenItsPhaseBeginsIsNotReportedAsStopped() {
		this.runner.withBean("neverStarted", SmartLifecycle.class, () -> new RecordingLifecycle("neverStarted", 7000,
				this.stopped, true) {

			@Override
			public boolean isAutoStartup() {
				return false;
			}

		}).run((context) -> {
			assertThat(context.getBean(ShutdownEngine.class).lifecyclePhases()).extracting(LifecyclePhase::phase)
				.contains(7000);
			RecordingListener listener = context.getBean(RecordingListener.class);
			closeOnItsOwnThread(context).get(20, TimeUnit.SECONDS);
			assertThat(this.stopped).doesNotContain("neverStarted");
			assertThat(listener.report().stage("phase 7000")).isNull();
		});
	}

	@Test
	void theReportTableAndFileHoldEveryPhaseInOrderAmongTheStages() throws Exception {
		Path file = this.directory.resolve("shutdown.jsonl");
		this.runner.withPropertyValues("orderly.shutdown.report.file=" + file).run((context) -> {
			RecordingListener listener = context.getBean(RecordingListener.class);
			closeOnItsOwnThread(context).get(20, TimeUnit.SECONDS);
			ShutdownReport report = listener.report();
			List<String> expected = List.of("phase " + LISTENER_PHASE, "consumers", "flush", "release", "phase 5000",
					"phase 0", "phase -5");
			assertThat(report.stages()).extracting(StageReport::name).containsExactlyElementsOf(expected);
			assertThat(report.stage("phase 0").detail()).isEqualTo("plainLifecycle");
			assertThat(report.stage("phase 5000").outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
			String table = ShutdownReportTable.format(report);
			assertThat(table).containsPattern("\n  phase 5000 +completed +\\d+ ms +[0-9.]+ s  poller");
			assertThat(ShutdownReportFile.read(file).get(0).stages()).extracting(StageReport::name)
				.containsExactlyElementsOf(expected);
			assertThat(Files.readAllLines(file)).anyMatch((line) -> line.contains("\"stage\":\"phase -5\""));
		});
	}

	@Test
	void aPhaseWhoseBeanNeverStopsIsCutAtWhatTheBudgetHasLeftAndTheReportNamesTheBean() {
		this.runner.withBean("stuckLifecycle", SmartLifecycle.class,
				() -> new RecordingLifecycle("stuckLifecycle", 5000, this.stopped, false))
			.withPropertyValues("orderly.shutdown.budget=3s", "orderly.shutdown.stages.consumers.timeout=200ms",
					"orderly.shutdown.stages.flush.timeout=200ms", "orderly.shutdown.stages.release.timeout=200ms")
			.run((context) -> {
				RecordingListener listener = context.getBean(RecordingListener.class);
				long start = System.nanoTime();
				closeOnItsOwnThread(context).get(20, TimeUnit.SECONDS);
				Duration took = Duration.ofNanos(System.nanoTime() - start);
				// Spring's own wait would be 30 s; the budget has about 3 s left at phase 5000
				assertThat(took).isBetween(Duration.ofMillis(2500), Duration.ofMillis(4500));
				StageReport phase = listener.report().stage("phase 5000");
				assertThat(phase.outcome()).isEqualTo(ShutdownOutcome.TIMED_OUT);
				assertThat(phase.timeout()).isLessThan(Duration.ofSeconds(3));
				assertThat(phase.detail()).startsWith("Spring stopped waiting after ")
					.endsWith(", all the budget had left; still stopping: stuckLifecycle");
				assertThat(listener.report().stages()).extracting(StageReport::name)
					.endsWith("phase 5000", "phase 0", "phase -5");
				assertThat(this.stopped).endsWith("poller", "stuckLifecycle", "plainLifecycle", "lateLifecycle");
			});
	}

	/** The names in the plan's lines, in order: a stage's name, or the beans of a phase. */
	static List<String> plannedOrder(String output) {
		String plan = output.substring(output.indexOf("Orderly shutdown plan:"));
		List<String> order = new ArrayList<>();
		for (String line : plan.lines().skip(1).takeWhile((line) -> line.startsWith("  ")).toList()) {
			String[] columns = line.trim().split(" {2,}");
			if (columns[0].startsWith("phase ")) {
				order.addAll(Arrays.asList(columns[columns.length - 1].split(", ")));
			}
			else {
				order.add(columns[0]);
			}
		}
		return order;
	}

	private ShutdownTaskRegistration mark(String stage) {
		return ShutdownTaskRegistration.of(stage, "mark", (context) -> this.stopped.add(stage));
	}

	static CompletableFuture<Void> closeOnItsOwnThread(ConfigurableApplicationContext context) {
		return CompletableFuture.runAsync(context::close, (task) -> new Thread(task, "test-close").start());
	}

	/** A bean like a message listener container: stops asynchronously, or never calls back. */
	static class RecordingLifecycle implements SmartLifecycle {

		private final String name;

		private final int phase;

		private final List<String> stopped;

		private final boolean callsBack;

		private volatile boolean running;

		RecordingLifecycle(String name, int phase, List<String> stopped, boolean callsBack) {
			this.name = name;
			this.phase = phase;
			this.stopped = stopped;
			this.callsBack = callsBack;
		}

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			throw new IllegalStateException("Spring stops a SmartLifecycle with stop(Runnable)");
		}

		@Override
		public void stop(Runnable callback) {
			this.stopped.add(this.name);
			if (this.callsBack) {
				new Thread(() -> {
					this.running = false;
					callback.run();
				}, this.name + "-stop").start();
			}
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public int getPhase() {
			return this.phase;
		}

	}

	/** A plain {@link Lifecycle}, not {@code Phased}: phase 0, stopped if running. */
	static final class PlainLifecycle implements Lifecycle {

		private final String name;

		private final List<String> stopped;

		private volatile boolean running = true;

		PlainLifecycle(String name, List<String> stopped) {
			this.name = name;
			this.stopped = stopped;
		}

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			this.stopped.add(this.name);
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

	}

}

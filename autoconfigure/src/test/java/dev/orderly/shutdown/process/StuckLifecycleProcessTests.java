package dev.orderly.shutdown.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.internal.report.file.ShutdownReportFile;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.testsupport.ChildJvm;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends a real SIGTERM to {@link StuckLifecycleApplication}, whose library lifecycle never
 * finishes stopping, and measures from outside the process when it exits: with the starter,
 * within the budget; without it, after Spring's own wait for the phase.
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class StuckLifecycleProcessTests {

	private static final Duration BUDGET = Duration.ofSeconds(4);

	/** Spring's wait for each phase here, well above the budget. */
	private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(10);

	@TempDir
	Path directory;

	@AutoClose
	private ChildJvm app;

	@Test
	void sigtermWithALibraryLifecycleThatNeverStopsExitsWithinTheBudgetAndTheReportNamesTheBean() throws Exception {
		Path file = this.directory.resolve("shutdown.jsonl");
		start("--orderly.shutdown.report.file=" + file);
		Duration exitTime = sigtermAndTimeExit();
		System.out.println("SIGTERM to exit with a stuck lifecycle: " + exitTime.toMillis() + " ms (budget "
				+ BUDGET.toMillis() + " ms, phase timeout " + PHASE_TIMEOUT.toMillis() + " ms)");
		// the phase waits for what the budget has left, about 4 s; exiting the JVM takes a moment more
		assertThat(exitTime).as(this.app.log()).isBetween(BUDGET.minusMillis(500), BUDGET.plusSeconds(3));
		ShutdownReport run = ShutdownReportFile.read(file).get(0);
		assertThat(run.finished()).isTrue();
		String phase = "phase " + StuckLifecycleApplication.STUCK_PHASE;
		assertThat(run.stages()).extracting(StageReport::name).containsSubsequence("release", phase);
		assertThat(run.stage(phase).outcome()).isEqualTo(ShutdownOutcome.TIMED_OUT);
		assertThat(run.stage(phase).detail()).endsWith("all the budget had left; still stopping: stuckConnector");
		assertThat(this.app.log()).containsPattern("(?m)^  phase 1000 +timed_out .*still stopping: stuckConnector");
	}

	@Test
	void withoutTheStarterSpringWaitsItsWholePhaseTimeoutForTheSameLifecycle() throws Exception {
		start("--orderly.shutdown.enabled=false");
		Duration exitTime = sigtermAndTimeExit();
		System.out.println("SIGTERM to exit with a stuck lifecycle, without the starter: " + exitTime.toMillis()
				+ " ms (phase timeout " + PHASE_TIMEOUT.toMillis() + " ms)");
		assertThat(exitTime).as(this.app.log()).isGreaterThanOrEqualTo(PHASE_TIMEOUT);
	}

	private void start(String... moreArgs) throws Exception {
		List<String> args = new ArrayList<>(List.of("--spring.main.web-application-type=none",
				"--orderly.shutdown.budget=" + BUDGET.toSeconds() + "s",
				"--spring.lifecycle.timeout-per-shutdown-phase=" + PHASE_TIMEOUT.toSeconds() + "s",
				"--orderly.shutdown.stages.consumers.timeout=300ms", "--orderly.shutdown.stages.flush.timeout=300ms",
				"--orderly.shutdown.stages.release.timeout=300ms"));
		args.addAll(List.of(moreArgs));
		this.app = ChildJvm.startReady(StuckLifecycleApplication.class, args, StuckLifecycleApplication.READY);
	}

	private Duration sigtermAndTimeExit() throws Exception {
		long sent = System.nanoTime();
		this.app.sigterm();
		assertThat(this.app.waitForExit(PHASE_TIMEOUT.plusSeconds(15))).as(this.app.log()).isTrue();
		return Duration.ofNanos(System.nanoTime() - sent);
	}

}

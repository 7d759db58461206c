package dev.orderly.shutdown.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.internal.report.file.ShutdownReportFile;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.TaskReport;
import dev.orderly.shutdown.testsupport.ChildJvm;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real SIGTERM to a child JVM whose library lifecycle, moved into {@code consumers}, takes
 * its time to stop asynchronously: the report file times its stop, in its stage.
 */
class SlowLifecycleProcessTests {

	@TempDir
	Path directory;

	@AutoClose
	private ChildJvm app;

	@Test
	void sigtermTimesALibraryLifecyclesSlowAsyncStopInItsStage() throws Exception {
		Path file = this.directory.resolve("shutdown.jsonl");
		this.app = ChildJvm.startReady(SlowLifecycleApplication.class,
				List.of("--spring.main.web-application-type=none", "--test.stop-callback-after=700ms",
						"--orderly.shutdown.stages.consumers.lifecycles=libraryContainer",
						"--orderly.shutdown.report.file=" + file),
				SlowLifecycleApplication.READY);
		this.app.sigterm();
		assertThat(this.app.waitForExit(Duration.ofSeconds(30))).as(this.app.log()).isTrue();
		ShutdownReport run = ShutdownReportFile.read(file).get(0);
		assertThat(run.finished()).isTrue();
		assertThat(run.stage("consumers").tasks()).hasSize(1);
		TaskReport stop = run.stage("consumers").tasks().get(0);
		assertThat(stop.name()).isEqualTo("lifecycle:libraryContainer");
		assertThat(stop.source()).isEqualTo("SmartLifecycle libraryContainer (phase " + (Integer.MAX_VALUE - 100) + ")");
		assertThat(stop.outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
		// measured around 700 ms; the upper bound leaves room for a loaded machine
		assertThat(stop.duration()).isBetween(Duration.ofMillis(690), Duration.ofMillis(4000));
	}

}

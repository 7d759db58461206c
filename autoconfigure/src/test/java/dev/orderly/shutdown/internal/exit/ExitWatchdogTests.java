package dev.orderly.shutdown.internal.exit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.orderly.shutdown.autoconfigure.OrderlyShutdownAutoConfiguration;
import dev.orderly.shutdown.testsupport.RecordingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The watchdog leaves alone a process that is not expected to end: one whose {@code main}
 * thread still runs, as this test runner's does while it closes contexts. (The child-JVM
 * tests in {@code HangingShutdownProcessTests} show what it does to a process that is.)
 */
@ExtendWith(OutputCaptureExtension.class)
class ExitWatchdogTests {

	@Test
	void aContextClosedWhileTheMainThreadRunsIsNeitherReportedNorHalted(CapturedOutput output) throws Exception {
		assertThat(Thread.getAllStackTraces().keySet()).anyMatch((thread) -> thread.getName().equals("main"));
		Thread stray = new Thread(ExitWatchdogTests::sleepAMinute, "stray-in-the-test-jvm");
		stray.start();
		RecordingListener listener = new RecordingListener();
		try {
			new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class))
				.withPropertyValues("orderly.shutdown.budget=1s", "orderly.shutdown.exit.halt-after=1s",
						"orderly.shutdown.exit.thread-report-delay=0ms", "orderly.shutdown.stages.consumers.timeout=100ms",
						"orderly.shutdown.stages.flush.timeout=100ms", "orderly.shutdown.stages.release.timeout=100ms")
				.withBean(RecordingListener.class, () -> listener)
				.run((context) -> assertThat(context).hasNotFailed());
			listener.finished.get(10, TimeUnit.SECONDS);
			// past the report and the halt time: this JVM is still here to look
			Thread.sleep(Duration.ofMillis(1500).toMillis());
			assertThat(output).doesNotContain("Process did not exit").doesNotContain("halts the JVM");
		}
		finally {
			stray.interrupt();
		}
	}

	private static void sleepAMinute() {
		try {
			Thread.sleep(60_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

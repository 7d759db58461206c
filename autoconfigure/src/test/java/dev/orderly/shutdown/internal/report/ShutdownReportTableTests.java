package dev.orderly.shutdown.internal.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.ShutdownTrigger;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.report.TaskReport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShutdownReportTableTests {

	private static final Instant START = Instant.parse("2026-11-26T12:00:00Z");

	@Test
	void rendersOneAlignedRowPerStageAndTask() {
		TaskReport consumer = task("order-consumer", 501, 5000, ShutdownOutcome.COMPLETED, null);
		TaskReport outbox = task("outbox.flush", 2000, 2000, ShutdownOutcome.TIMED_OUT, "cancelled after 2 s");
		ShutdownReport report = new ShutdownReport("id", ShutdownTrigger.JVM_SHUTDOWN, null, START,
				Duration.ofMillis(2514), Duration.ofSeconds(30), true,
				List.of(stage("consumers", 502, List.of(consumer)), stage("flush", 2001, List.of(outbox))));
		assertThat(ShutdownReportTable.format(report)).isEqualTo("""
				Orderly shutdown finished: timed_out in 2.51 s of 30 s budget (trigger: JVM shutdown hook (SIGTERM, SIGINT or System.exit))
				  STAGE      TASK            OUTCOME    DURATION  TIMEOUT  DETAIL
				  consumers                  completed    502 ms      5 s
				             order-consumer  completed    501 ms      5 s
				  flush                      timed_out    2.00 s      5 s
				             outbox.flush    timed_out       2 s      2 s  cancelled after 2 s""");
	}

	@Test
	void aTimedOutTaskSaysWhereItsThreadWasStuck() {
		TaskReport outbox = new TaskReport("outbox.flush", "test", START, Duration.ofSeconds(2), Duration.ofSeconds(2),
				ShutdownOutcome.TIMED_OUT, "cancelled after 2 s", "orderly-shutdown-flush-1",
				List.of("sun.nio.ch.Net.poll(Native Method)", "sun.nio.ch.NioSocketImpl.park(NioSocketImpl.java:186)",
						"... 6 more", "com.acme.Outbox.flush(Outbox.java:42)"));
		ShutdownReport report = new ShutdownReport("id", ShutdownTrigger.JVM_SHUTDOWN, null, START,
				Duration.ofMillis(2001), Duration.ofSeconds(30), true, List.of(stage("flush", 2001, List.of(outbox))));
		assertThat(ShutdownReportTable.format(report).lines().toList()).last()
			.isEqualTo("         outbox.flush  timed_out       2 s      2 s  cancelled after 2 s; stuck in "
					+ "'orderly-shutdown-flush-1' at sun.nio.ch.Net.poll(Native Method) <- "
					+ "com.acme.Outbox.flush(Outbox.java:42)");
	}

	@Test
	void reportInProgressSaysSoAndShowsReason() {
		ShutdownReport report = new ShutdownReport("id", ShutdownTrigger.API, "scale down", START,
				Duration.ofMillis(40), Duration.ofSeconds(30), false, List.of());
		assertThat(ShutdownReportTable.format(report)).isEqualTo("""
				Orderly shutdown in progress for 40 ms of 30 s budget (trigger: OrderlyShutdown.initiate(), reason: scale down)
				  (no stages ran)""");
	}

	@Test
	void durationsReadNaturally() {
		assertThat(ShutdownReportTable.duration(Duration.ofMillis(12))).isEqualTo("12 ms");
		assertThat(ShutdownReportTable.duration(Duration.ofMillis(1270))).isEqualTo("1.27 s");
		assertThat(ShutdownReportTable.duration(Duration.ofMillis(12_340))).isEqualTo("12.3 s");
		assertThat(ShutdownReportTable.duration(Duration.ofSeconds(30))).isEqualTo("30 s");
	}

	private static TaskReport task(String name, long millis, long timeout, ShutdownOutcome outcome, String error) {
		return new TaskReport(name, "test", START, Duration.ofMillis(millis), Duration.ofMillis(timeout), outcome,
				error);
	}

	private static StageReport stage(String name, long millis, List<TaskReport> tasks) {
		return new StageReport(name, START, Duration.ofMillis(millis), Duration.ofSeconds(5),
				StageReport.outcomeOf(tasks), null, Map.of(), tasks);
	}

}

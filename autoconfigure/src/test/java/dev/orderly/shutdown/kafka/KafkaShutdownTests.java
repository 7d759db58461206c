package dev.orderly.shutdown.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.internal.report.file.ShutdownReportFile;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.report.TaskReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.kafka.test.EmbeddedKafkaBroker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka test: a real broker (embedded KRaft, in this JVM, on 127.0.0.1), and the
 * {@link KafkaWriteBehindApplication} service in a child JVM, whose listener hands each
 * record to a write-behind buffer. SIGTERM arrives mid-stream; the service is started again
 * in the same consumer group; every record the broker acknowledged must end up in the store.
 */
@Tag("kafka")
@EnabledOnOs({ OS.LINUX, OS.MAC })
class KafkaShutdownTests {

	private static final int RECORDS_PER_SECOND = 300;

	private static EmbeddedKafkaBroker broker;

	@TempDir
	Path directory;

	@BeforeAll
	static void startBroker() {
		broker = KafkaTestBroker.start("records-starter");
	}

	@AfterAll
	static void stopBroker() {
		broker.destroy();
	}

	@Test
	void sigtermMidStreamLosesNoRecordAndReportsTheFlushAfterTheListenerStopped() throws Exception {
		KafkaShutdownRun.Result result = KafkaShutdownRun.run(KafkaShutdownRun.Variant.STARTER,
				broker.getBrokersAsString(), "records-starter", this.directory, RECORDS_PER_SECOND,
				Duration.ofSeconds(2));
		System.out.println("Kafka, " + result);
		String log = String.join("\n", result.firstRunOutput());
		assertThat(result.produced()).as(log).isGreaterThan(RECORDS_PER_SECOND * 2);
		assertThat(result.lost()).as(log).isZero();
		assertThat(result.persisted()).isEqualTo(result.produced());
		// the buffer held the records the listener took since the last periodic flush
		assertThat(result.flushedAtShutdown()).as(log).isGreaterThanOrEqualTo(0);
		assertThat(result.sigtermToExit()).as(log).isLessThan(Duration.ofSeconds(30));

		List<ShutdownReport> runs = ShutdownReportFile.read(result.firstRunReport());
		assertThat(runs).hasSize(1);
		ShutdownReport run = runs.get(0);
		assertThat(run.finished()).isTrue();
		assertThat(run.stages()).extracting(StageReport::name).containsSubsequence("web", "consumers", "flush");
		StageReport flush = run.stage("flush");
		assertThat(flush.tasks()).extracting(TaskReport::name, TaskReport::outcome)
			.contains(org.assertj.core.groups.Tuple.tuple("writeBehindBuffer.flush", ShutdownOutcome.COMPLETED));
		assertThat(flush.startedAt()).isAfterOrEqualTo(run.stage("consumers").startedAt());
		// Spring Kafka logs each consumer's end ("records: Consumer stopped") before the flush
		assertThat(indexOf(result.firstRunOutput(), "Consumer stopped"))
			.isLessThan(indexOf(result.firstRunOutput(), WriteBehindKafkaConfiguration.FLUSHED));
	}

	private static int indexOf(List<String> lines, String text) {
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).contains(text)) {
				return i;
			}
		}
		throw new AssertionError("No line with '" + text + "' in:\n" + String.join("\n", lines));
	}

}

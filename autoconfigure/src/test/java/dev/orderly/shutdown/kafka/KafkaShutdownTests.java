package dev.orderly.shutdown.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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

import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.kafka.config.KafkaListenerConfigUtils;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.scheduling.annotation.ScheduledAnnotationBeanPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

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
		// the executor finished, inside flush, the @Async work queued when the listener stopped
		assertThat(result.notificationsDropped()).as(log).isZero();
		// the flush at shutdown ran (and wrote what the listener took since the last periodic flush)
		assertThat(result.flushedAtShutdown()).as(log).isNotNegative();
		assertThat(result.sigtermToExit()).as(log).isLessThan(Duration.ofSeconds(30));

		List<ShutdownReport> runs = ShutdownReportFile.read(result.firstRunReport());
		assertThat(runs).hasSize(1);
		ShutdownReport run = runs.get(0);
		assertThat(run.finished()).isTrue();
		assertThat(run.stages()).extracting(StageReport::name).containsSubsequence("web", "consumers", "flush");
		// the listener container stopped in consumers, after the web stage, instead of at its own
		// phase (AbstractMessageListenerContainer.DEFAULT_PHASE, before the web server)
		TaskReport container = task(run.stage("consumers"),
				"lifecycle:" + KafkaListenerConfigUtils.KAFKA_LISTENER_ENDPOINT_REGISTRY_BEAN_NAME);
		assertThat(container.outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
		assertThat(container.startedAt()).isAfterOrEqualTo(end(run.stage("web")));
		// then the flush, beside the executor of the @Async work and the scheduler of the periodic flush
		StageReport flush = run.stage("flush");
		assertThat(flush.startedAt()).isAfterOrEqualTo(end(container));
		assertThat(flush.tasks()).extracting(TaskReport::name, TaskReport::outcome)
			.contains(tuple("writeBehindBuffer.flush", ShutdownOutcome.COMPLETED),
					tuple("lifecycle:" + TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME,
							ShutdownOutcome.COMPLETED),
					tuple("lifecycle:" + ScheduledAnnotationBeanPostProcessor.DEFAULT_TASK_SCHEDULER_BEAN_NAME,
							ShutdownOutcome.COMPLETED));
		// Spring Kafka logs each consumer's end ("<group>: Consumer stopped") before the flush
		assertThat(indexOf(result.firstRunOutput(), "Consumer stopped"))
			.isLessThan(indexOf(result.firstRunOutput(), WriteBehindKafkaConfiguration.FLUSHED));
		// the executor took the @Async work of every record the listener handled until it stopped
		assertThat(log).doesNotContain("TaskRejectedException");
	}

	private static TaskReport task(StageReport stage, String name) {
		return stage.tasks()
			.stream()
			.filter((task) -> task.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No task " + name + " in stage " + stage));
	}

	private static Instant end(StageReport stage) {
		return stage.startedAt().plus(stage.duration());
	}

	private static Instant end(TaskReport task) {
		return task.startedAt().plus(task.duration());
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

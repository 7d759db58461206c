package dev.orderly.shutdown.internal.lifecycle;


import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.autoconfigure.OrderlyShutdownAutoConfiguration;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.report.TaskReport;
import dev.orderly.shutdown.testsupport.RecordingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.DefaultLifecycleProcessor;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.config.KafkaListenerConfigUtils;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;

import static dev.orderly.shutdown.internal.lifecycle.ClosedRun.close;
import static dev.orderly.shutdown.internal.lifecycle.ClosedRun.task;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Kafka's listener endpoint registry, which stops every container it created, stops in
 * {@code consumers} by default, after the web stage, where Spring would stop it at
 * {@code AbstractMessageListenerContainer.DEFAULT_PHASE}.
 */
@ExtendWith(OutputCaptureExtension.class)
class ListenerContainerMembersTests {

	private static final String REGISTRY = KafkaListenerConfigUtils.KAFKA_LISTENER_ENDPOINT_REGISTRY_BEAN_NAME;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class,
				LifecycleAutoConfiguration.class, TaskExecutionAutoConfiguration.class))
		.withUserConfiguration(KafkaConfiguration.class)
		.withBean(RecordingListener.class, RecordingListener::new);

	@Test
	void springKafkasListenerRegistryStopsInConsumersByDefault(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(output).contains(REGISTRY + " stops in stage 'consumers' (after the web stage) instead of at "
					+ "phase " + AbstractMessageListenerContainer.DEFAULT_PHASE + " (before the web stage)");
			ShutdownReport report = close(context);
			TaskReport registry = task(report, "consumers", "lifecycle:" + REGISTRY);
			assertThat(registry.outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
			assertThat(registry.source())
				.isEqualTo("SmartLifecycle " + REGISTRY + " (phase " + AbstractMessageListenerContainer.DEFAULT_PHASE + ")");
			assertThat(task(report, "flush", "lifecycle:applicationTaskExecutor").outcome())
				.isEqualTo(ShutdownOutcome.COMPLETED);
		});
	}

	@Test
	void withListenerContainersSwitchedOffTheRegistryIsNoStageMember() {
		this.runner.withPropertyValues("orderly.shutdown.lifecycles.listener-containers=false").run((context) -> {
			ShutdownReport report = close(context);
			assertThat(report.stages()).flatExtracting(StageReport::tasks)
				.extracting(TaskReport::name)
				.doesNotContain("lifecycle:" + REGISTRY);
		});
	}

	@Test
	void aStageNamingTheRegistryWinsOverTheDefault() {
		this.runner.withPropertyValues("orderly.shutdown.stages.release.lifecycles=" + REGISTRY,
				"orderly.shutdown.lifecycles.executors=false")
			.run((context) -> assertThat(task(close(context), "release", "lifecycle:" + REGISTRY)
				.outcome()).isEqualTo(ShutdownOutcome.COMPLETED));
	}

	@Test
	void withTheApplicationsOwnLifecycleProcessorNoDefaultMovesAndTheLogSaysSo(CapturedOutput output) {
		this.runner.withBean("lifecycleProcessor", DefaultLifecycleProcessor.class, DefaultLifecycleProcessor::new)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("The application defines its own lifecycleProcessor bean: message listener "
						+ "containers and executors stop at their own phases, not in the stages 'consumers' and 'flush'");
				assertThat(output).doesNotContain(REGISTRY + " stops in stage");
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableKafka
	static class KafkaConfiguration {

	}

}

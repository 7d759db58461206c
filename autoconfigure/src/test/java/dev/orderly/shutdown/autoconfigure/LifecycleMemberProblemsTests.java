package dev.orderly.shutdown.autoconfigure;

import java.time.Duration;

import dev.orderly.shutdown.testsupport.StoppableLifecycle;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.DefaultLifecycleProcessor;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.config.KafkaListenerConfigUtils;

import static dev.orderly.shutdown.autoconfigure.ShutdownConfigurationFailures.analysis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user reads when {@code orderly.shutdown.stages.<stage>.lifecycles} names a bean that
 * cannot stop in a stage: startup fails, naming the property and the fix.
 */
class LifecycleMemberProblemsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class, LifecycleAutoConfiguration.class))
		.withBean("kafkaListenerEndpointRegistry", StoppableLifecycle.class,
				() -> new StoppableLifecycle(Integer.MAX_VALUE - 100, Duration.ZERO));

	@Test
	void aLifecycleBeanThatDoesNotExistFailsStartupAndSuggestsTheNearestName() {
		this.runner.withPropertyValues("orderly.shutdown.stages.consumers.lifecycles=kafkaListenerEndpointRegistri")
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("orderly.shutdown.stages.consumers.lifecycles names lifecycle bean "
						+ "'kafkaListenerEndpointRegistri', which does not exist; did you mean "
						+ "'kafkaListenerEndpointRegistry'?")
				.contains("Use the name of a Lifecycle or SmartLifecycle bean."));
	}

	@Test
	void aBeanThatIsNotALifecycleFailsStartupAndPointsToTheBeansSetting() {
		this.runner.withBean("outbox", StringBuilder.class, StringBuilder::new)
			.withPropertyValues("orderly.shutdown.stages.flush.lifecycles=outbox")
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("orderly.shutdown.stages.flush.lifecycles names bean 'outbox' of type "
						+ "java.lang.StringBuilder, which is not a Lifecycle, so it has no stop to move")
				.contains("list it in orderly.shutdown.stages.flush.beans instead"));
	}

	@Test
	void aLifecycleBeanPlacedInTwoStagesFailsStartup() {
		this.runner
			.withPropertyValues("orderly.shutdown.stages.consumers.lifecycles=kafkaListenerEndpointRegistry",
					"orderly.shutdown.stages.release.lifecycles=kafkaListenerEndpointRegistry")
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("orderly.shutdown.stages.release.lifecycles[0] names lifecycle bean "
						+ "'kafkaListenerEndpointRegistry', which orderly.shutdown.stages.consumers.lifecycles "
						+ "names already")
				.contains("Name each lifecycle bean in one stage only"));
	}

	@Test
	void withTheApplicationsOwnLifecycleProcessorABeanThatStopsBeforeItsStageFailsStartup() {
		this.runner.withBean("lifecycleProcessor", DefaultLifecycleProcessor.class, DefaultLifecycleProcessor::new)
			.withPropertyValues("orderly.shutdown.stages.consumers.lifecycles=kafkaListenerEndpointRegistry")
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("orderly.shutdown.stages.consumers.lifecycles names lifecycle bean "
						+ "'kafkaListenerEndpointRegistry', which Spring stops at phase 2147483547, before stage "
						+ "'consumers'")
				.contains("the application defines its own bean 'lifecycleProcessor'")
				.contains("remove your own lifecycleProcessor bean"));
	}

	@Test
	void withTheApplicationsOwnLifecycleProcessorABeanThatStopsAfterItsStageStillMoves() {
		this.runner.withBean("lifecycleProcessor", DefaultLifecycleProcessor.class, DefaultLifecycleProcessor::new)
			.withBean("worker", StoppableLifecycle.class,
					() -> new StoppableLifecycle(Integer.MAX_VALUE / 2, Duration.ZERO))
			.withPropertyValues("orderly.shutdown.stages.flush.lifecycles=worker")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void anExecutorPlacedWithTheListenerContainersThatFeedItFailsStartup() {
		this.runner.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class))
			.withUserConfiguration(KafkaConfiguration.class)
			.withPropertyValues("orderly.shutdown.stages.consumers.lifecycles=applicationTaskExecutor")
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("orderly.shutdown.stages.consumers.lifecycles names executor 'applicationTaskExecutor', "
						+ "which would stop accepting tasks in stage 'consumers', while the message listener "
						+ "container '" + KafkaListenerConfigUtils.KAFKA_LISTENER_ENDPOINT_REGISTRY_BEAN_NAME
						+ "' that hands it work stops in stage 'consumers'")
				.contains("Move 'applicationTaskExecutor' to a stage after 'consumers' (such as flush)"));
	}

	@Test
	void anExecutorInAStageBeforeAListenerContainerFailsStartup() {
		this.runner.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class))
			.withUserConfiguration(KafkaConfiguration.class)
			.withPropertyValues("orderly.shutdown.stages.release.lifecycles="
					+ KafkaListenerConfigUtils.KAFKA_LISTENER_ENDPOINT_REGISTRY_BEAN_NAME)
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("orderly.shutdown.stages.flush.lifecycles names executor 'applicationTaskExecutor', "
						+ "which would stop accepting tasks in stage 'flush', before the message listener container"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableKafka
	static class KafkaConfiguration {

	}

}

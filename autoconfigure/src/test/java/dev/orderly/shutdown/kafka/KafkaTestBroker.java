package dev.orderly.shutdown.kafka;

import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The embedded KRaft broker of the Kafka tests and benchmark: one broker, each topic with 3
 * partitions, on the loopback address only.
 */
final class KafkaTestBroker {

	static final int PARTITIONS = 3;

	private KafkaTestBroker() {
	}

	/**
	 * Start a broker with the given topics.
	 * @param topics the topics to create
	 * @return the running broker ({@link EmbeddedKafkaBroker#destroy()} stops it)
	 */
	static EmbeddedKafkaBroker start(String... topics) {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, topics);
		// a new consumer group starts at once, instead of waiting 3 s for more members
		broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
		broker.afterPropertiesSet();
		return broker;
	}

}

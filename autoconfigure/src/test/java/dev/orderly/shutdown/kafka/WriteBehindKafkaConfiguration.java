package dev.orderly.shutdown.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The service both Kafka test applications share, with and without the starter: a
 * {@code @KafkaListener} (3 consumers, the container's defaults: offsets committed after each
 * poll's records were handled) that hands each record to a {@link WriteBehindBuffer}, a
 * {@code @Scheduled} flush every 200 ms, {@code @Async} work per record, and a web endpoint.
 * <p>
 * The consumer is declared here rather than by Boot's Kafka auto-configuration
 * ({@code spring-boot-kafka}), which is kept off the test class path so that no other test's
 * context gets a listener registry; the container and its lifecycle are Spring Kafka's either way.
 * Only the flush at shutdown differs between the two applications.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafka
@EnableScheduling
@EnableAsync
class WriteBehindKafkaConfiguration {

	/** The id of the listener container, and so of the listener's consumer threads. */
	static final String LISTENER_ID = "records";

	/** Printed once the application has started. */
	static final String READY = "KAFKA-WRITE-BEHIND READY";

	/** Printed by the flush at shutdown, followed by the number of records it persisted. */
	static final String FLUSHED = "KAFKA-WRITE-BEHIND FLUSHED AT SHUTDOWN: ";

	/**
	 * Run an application that imports this configuration, and print {@link #READY}.
	 * @param application the application class
	 * @param args its arguments
	 */
	static void run(Class<?> application, String[] args) {
		SpringApplication.run(application, args);
		System.out.println(READY + " pid=" + ProcessHandle.current().pid());
		System.out.flush();
	}

	@Bean
	WriteBehindBuffer writeBehindBuffer(@Value("${app.store}") Path store) {
		return new WriteBehindBuffer(new RecordFile(store));
	}

	@Bean
	ConsumerFactory<String, String> kafkaConsumerFactory(@Value("${app.bootstrap-servers}") String servers) {
		return new DefaultKafkaConsumerFactory<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
				StringDeserializer.class, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
	}

	@Bean
	ConcurrentKafkaListenerContainerFactory<String, String> kafkaListenerContainerFactory(
			ConsumerFactory<String, String> consumerFactory) {
		ConcurrentKafkaListenerContainerFactory<String, String> factory = new ConcurrentKafkaListenerContainerFactory<>();
		factory.setConsumerFactory(consumerFactory);
		return factory;
	}

	@Bean
	RecordListener recordListener(WriteBehindBuffer buffer, Notifier notifier) {
		return new RecordListener(buffer, notifier);
	}

	@Bean
	Notifier notifier(@Value("${app.notified}") Path notified) {
		return new Notifier(new RecordFile(notified));
	}

	@Bean
	PeriodicFlush periodicFlush(WriteBehindBuffer buffer) {
		return new PeriodicFlush(buffer);
	}

	@Bean
	NotificationsController notificationsController(Notifier notifier) {
		return new NotificationsController(notifier);
	}

	/**
	 * Hands each record to the buffer and returns: its offset is committed from then on.
	 */
	static class RecordListener {

		private final WriteBehindBuffer buffer;

		private final Notifier notifier;

		RecordListener(WriteBehindBuffer buffer, Notifier notifier) {
			this.buffer = buffer;
			this.notifier = notifier;
		}

		@KafkaListener(id = LISTENER_ID, topics = "${app.topic}", groupId = "${app.group}", concurrency = "3")
		void onRecord(String id) {
			this.buffer.add(id);
			this.notifier.recordReceived(id);
		}

	}

	/**
	 * {@code @Async} work per record (a call to another service, 5 ms), on Boot's
	 * {@code applicationTaskExecutor}; each record's notification is logged to a file once
	 * sent, so that the test can count the notifications a shutdown dropped.
	 */
	static class Notifier {

		private final RecordFile sent;

		private final AtomicLong count = new AtomicLong();

		Notifier(RecordFile sent) {
			this.sent = sent;
		}

		@Async
		public void recordReceived(String id) {
			try {
				Thread.sleep(Duration.ofMillis(5).toMillis());
				this.sent.append(List.of(id));
				this.count.incrementAndGet();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		long sent() {
			return this.count.get();
		}

	}

	/**
	 * Persists the buffer every 200 ms, on Boot's {@code taskScheduler}.
	 */
	static class PeriodicFlush {

		private final WriteBehindBuffer buffer;

		PeriodicFlush(WriteBehindBuffer buffer) {
			this.buffer = buffer;
		}

		@Scheduled(fixedDelay = 200)
		void flush() {
			this.buffer.flush();
		}

	}

}

package dev.orderly.shutdown.kafka;

import jakarta.annotation.PreDestroy;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The same Kafka write-behind service written the usual Spring Boot way, without the starter
 * (run on a class path without it): the buffer is flushed in {@code @PreDestroy}, which Spring
 * calls during bean destruction, after every lifecycle phase has stopped (the listener
 * container among them) and with no time limit. Prints the same lines as
 * {@link KafkaWriteBehindApplication}.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(WriteBehindKafkaConfiguration.class)
public class PlainBootWriteBehindApplication {

	public static void main(String[] args) {
		WriteBehindKafkaConfiguration.run(PlainBootWriteBehindApplication.class, args);
	}

	@Bean
	ShutdownFlush shutdownFlush(WriteBehindBuffer buffer) {
		return new ShutdownFlush(buffer);
	}

	static class ShutdownFlush {

		private final WriteBehindBuffer buffer;

		ShutdownFlush(WriteBehindBuffer buffer) {
			this.buffer = buffer;
		}

		@PreDestroy
		void flush() {
			this.buffer.flushAtShutdown();
		}

	}

}

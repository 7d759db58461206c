package dev.orderly.shutdown.kafka;

import dev.orderly.shutdown.OnShutdown;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The Kafka write-behind service with the starter, run as a child JVM by
 * {@link KafkaShutdownTests}: the buffer is flushed by an {@code @OnShutdown} task in the
 * {@code flush} stage, which runs after the listener container has stopped. Prints
 * {@link WriteBehindKafkaConfiguration#READY} once started and {@link WriteBehindKafkaConfiguration#FLUSHED} with the
 * number of records the shutdown flush persisted.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(WriteBehindKafkaConfiguration.class)
public class KafkaWriteBehindApplication {

	public static void main(String[] args) {
		WriteBehindKafkaConfiguration.run(KafkaWriteBehindApplication.class, args);
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

		@OnShutdown(stage = "flush", name = "writeBehindBuffer.flush")
		void flush() {
			this.buffer.flushAtShutdown();
		}

	}

}

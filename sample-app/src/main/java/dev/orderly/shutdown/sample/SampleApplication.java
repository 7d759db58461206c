package dev.orderly.shutdown.sample;

import java.time.Duration;

import dev.orderly.shutdown.ShutdownTaskRegistration;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A small order service that shuts down in orderly stages.
 * <p>
 * {@code POST /orders} accepts an order and puts it on an in-memory queue (standing in for
 * a message broker); {@link OrderEventConsumer} takes orders off the queue on a background
 * thread, confirms them and hands them to {@link WriteBehindBuffer}, which persists them in
 * batches. On shutdown, after the web server has stopped:
 * <ol>
 * <li>{@code consumers}: the consumer stops and finishes what is already queued
 * ({@link #stopOrderEventConsumer(OrderEventConsumer) a ShutdownTaskRegistration});</li>
 * <li>{@code flush}: the buffer persists what it still holds
 * ({@link WriteBehindBuffer#flush an @OnShutdown method});</li>
 * <li>{@code release}: the legacy payment client closes its connections (its
 * {@code @PreDestroy} method, adopted with {@code orderly.shutdown.stages.release.beans} in
 * {@code application.yml}).</li>
 * </ol>
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

	@Bean
	ShutdownTaskRegistration stopOrderEventConsumer(OrderEventConsumer consumer) {
		return ShutdownTaskRegistration
			.of("consumers", "order-event-consumer", (context) -> consumer.stop(context.remaining()))
			.withTimeout(Duration.ofSeconds(3));
	}

}

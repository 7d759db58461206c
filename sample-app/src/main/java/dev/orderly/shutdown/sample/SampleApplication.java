package dev.orderly.shutdown.sample;

import java.time.Duration;

import dev.orderly.shutdown.ShutdownTaskRegistration;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A small order service that shuts down in orderly stages.
 * <p>
 * {@code POST /orders} accepts an order and puts it on an in-memory queue (standing in for
 * a message broker); {@link OrderEventConsumer} takes orders off the queue on a background
 * thread, confirms them and hands them to {@link WriteBehindBuffer}, which writes them to an
 * H2 database in batches (and {@link ScheduledFlush} every few seconds).
 * {@code GET /orders/stream} streams the changes as server-sent events ({@link OrderEvents}).
 * <p>
 * On shutdown (SIGTERM, Ctrl-C, or {@code POST /actuator/shutdown} on the management port):
 * <ol>
 * <li>{@code drain}: readiness goes down; the service keeps serving, with
 * {@code Connection: close}, until requests stop arriving; the event streams are ended;</li>
 * <li>{@code web}: the web server stops accepting and lets in-flight requests (such as a
 * slow {@code GET /orders/report}) finish;</li>
 * <li>{@code consumers}: the consumer stops and finishes what is already queued
 * ({@link #stopOrderEventConsumer(OrderEventConsumer) a ShutdownTaskRegistration}), and the
 * scheduled job stops ({@link ScheduledFlush#stop an @OnShutdown method});</li>
 * <li>{@code flush}: the buffer writes what it still holds
 * ({@link WriteBehindBuffer#flush an @OnShutdown method});</li>
 * <li>{@code release}: the legacy payment client closes its connections, and the
 * connection pool closes (their cleanup, adopted with
 * {@code orderly.shutdown.stages.release.beans} in {@code application.yml}).</li>
 * </ol>
 */
@SpringBootApplication
@EnableConfigurationProperties(SampleProperties.class)
@EnableScheduling
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

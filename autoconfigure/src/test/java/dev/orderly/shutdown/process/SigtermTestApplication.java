package dev.orderly.shutdown.process;

import java.time.Duration;

import dev.orderly.shutdown.ShutdownTaskRegistration;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A non-web application run as a child JVM by {@link SigtermProcessTests}: no component
 * scanning (so no other test class is picked up), one task per stage plus two that hang.
 * It stays up through {@code spring.main.keep-alive} until it is sent SIGTERM, and prints
 * {@link #READY} once started.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class SigtermTestApplication {

	static final String READY = "SIGTERM-TEST-APP READY";

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(SigtermTestApplication.class);
		// A non-web application would otherwise end (and shut down) as soon as main returns.
		application.setKeepAlive(true);
		application.run(args);
		System.out.println(READY + " pid=" + ProcessHandle.current().pid());
		System.out.flush();
	}

	@Bean
	ShutdownTaskRegistration stopConsumer() {
		return ShutdownTaskRegistration.of("consumers", "stop-consumer", (context) -> Thread.sleep(300));
	}

	@Bean
	ShutdownTaskRegistration flushBuffer() {
		return ShutdownTaskRegistration.of("flush", "flush-buffer", (context) -> Thread.sleep(300));
	}

	/**
	 * Hangs (sleeps for a minute); interrupted and recorded as timed_out after 1 s.
	 */
	@Bean
	ShutdownTaskRegistration hungExporter() {
		return ShutdownTaskRegistration.of("flush", "hung-exporter", (context) -> Thread.sleep(60_000))
			.withTimeout(Duration.ofSeconds(1));
	}

	/**
	 * Hangs and ignores interruption: its (daemon) thread must not keep the JVM alive.
	 */
	@Bean
	ShutdownTaskRegistration stubbornClient() {
		return ShutdownTaskRegistration.of("release", "stubborn-client", (context) -> {
			long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (System.nanoTime() < end) {
				try {
					Thread.sleep(100);
				}
				catch (InterruptedException ex) {
					// ignored on purpose
				}
			}
		}).withTimeout(Duration.ofMillis(500));
	}

	@Bean
	ShutdownTaskRegistration closePool() {
		return ShutdownTaskRegistration.of("release", "close-pool", (context) -> Thread.sleep(100));
	}

}

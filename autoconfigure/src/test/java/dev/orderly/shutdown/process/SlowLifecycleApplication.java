package dev.orderly.shutdown.process;

import java.time.Duration;

import dev.orderly.shutdown.testsupport.StoppableLifecycle;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A non-web application run as a child JVM by {@link SlowLifecycleProcessTests}: a library's
 * {@code SmartLifecycle} at Spring Kafka's container phase whose asynchronous stop calls back
 * after {@code test.stop-callback-after}. Prints {@link #READY} once started.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class SlowLifecycleApplication {

	static final String READY = "SLOW-LIFECYCLE READY";

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(SlowLifecycleApplication.class);
		application.setKeepAlive(true);
		application.run(args);
		System.out.println(READY);
		System.out.flush();
	}

	@Bean
	StoppableLifecycle libraryContainer(
			@Value("${test.stop-callback-after}") Duration after) {
		return new StoppableLifecycle(Integer.MAX_VALUE - 100, after);
	}

}

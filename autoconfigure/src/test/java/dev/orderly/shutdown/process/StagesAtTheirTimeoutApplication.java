package dev.orderly.shutdown.process;

import java.time.Duration;

import dev.orderly.shutdown.ShutdownTaskRegistration;
import dev.orderly.shutdown.report.ShutdownListener;
import dev.orderly.shutdown.testsupport.SlowListener;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * A non-web application run as a child JVM by {@link StagesAtTheirTimeoutProcessTests}:
 * its tasks use all of their stage's time (the default timeout), the last stage's task
 * hangs, and a listener takes a moment to record each finished task, like one writing to
 * slow storage. With {@code --test.blocking-listener=true} another listener, told first,
 * blocks for 3 s on every finished task, like a call to a service that hangs. Prints
 * {@link #READY} once started.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class StagesAtTheirTimeoutApplication {

	static final String READY = "STAGES-AT-THEIR-TIMEOUT READY";

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(StagesAtTheirTimeoutApplication.class);
		application.setKeepAlive(true);
		application.run(args);
		System.out.println(READY);
		System.out.flush();
	}

	@Bean
	ShutdownTaskRegistration untilItsDeadline() {
		return ShutdownTaskRegistration.of("consumers", "until-its-deadline",
				(context) -> Thread.sleep(context.remaining().toMillis() + 50));
	}

	@Bean
	ShutdownTaskRegistration hung() {
		return ShutdownTaskRegistration.of("release", "hung", (context) -> Thread.sleep(60_000));
	}

	@Bean
	ShutdownListener slowTaskListener() {
		return new SlowListener(Duration.ofMillis(200));
	}

	@Bean
	@ConditionalOnBooleanProperty("test.blocking-listener")
	BlockingListener blockingListener() {
		return new BlockingListener();
	}

	@Order(Ordered.HIGHEST_PRECEDENCE)
	static class BlockingListener extends SlowListener {

		BlockingListener() {
			super(Duration.ofSeconds(3));
		}

	}

}

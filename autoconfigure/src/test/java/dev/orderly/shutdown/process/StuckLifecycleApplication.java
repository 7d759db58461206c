package dev.orderly.shutdown.process;

import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;

/**
 * A non-web application run as a child JVM by {@link StuckLifecycleProcessTests}: a
 * library's {@code SmartLifecycle} at phase {@value #STUCK_PHASE}, below the stages, whose
 * asynchronous stop never calls back, as a client whose broker is gone. Prints {@link #READY}
 * once started.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class StuckLifecycleApplication {

	static final String READY = "STUCK-LIFECYCLE READY";

	static final int STUCK_PHASE = 1000;

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(StuckLifecycleApplication.class);
		application.setKeepAlive(true);
		application.run(args);
		System.out.println(READY);
		System.out.flush();
	}

	@Bean
	SmartLifecycle stuckConnector() {
		return new SmartLifecycle() {

			private final AtomicBoolean running = new AtomicBoolean();

			@Override
			public void start() {
				this.running.set(true);
			}

			@Override
			public void stop() {
				throw new IllegalStateException("Spring stops a SmartLifecycle with stop(Runnable)");
			}

			@Override
			public void stop(Runnable callback) {
				// never calls back, and still running
			}

			@Override
			public boolean isRunning() {
				return this.running.get();
			}

			@Override
			public int getPhase() {
				return STUCK_PHASE;
			}

		};
	}

}

package dev.orderly.shutdown.internal.engine;

import java.util.Set;

import dev.orderly.shutdown.ShutdownTrigger;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;

/**
 * Begins the run when the application context starts closing, before any other listener
 * (Spring's executors start their early shutdown on the same event) and before any
 * lifecycle phase stops. A run already begun by {@code OrderlyShutdown} is joined.
 */
public final class ContextClosedTrigger implements ApplicationListener<ContextClosedEvent>, Ordered {

	/** Thread names of Spring Boot's and Spring Framework's JVM shutdown hooks. */
	private static final Set<String> SHUTDOWN_HOOK_THREADS = Set.of("SpringApplicationShutdownHook",
			"SpringContextShutdownHook");

	private final ShutdownEngine engine;

	private final ApplicationContext context;

	public ContextClosedTrigger(ShutdownEngine engine, ApplicationContext context) {
		this.engine = engine;
		this.context = context;
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		// A child context (such as the management server's) closing is not our shutdown.
		if (event.getApplicationContext() == this.context) {
			this.engine.begin(currentTrigger(), null);
		}
	}

	private static ShutdownTrigger currentTrigger() {
		return SHUTDOWN_HOOK_THREADS.contains(Thread.currentThread().getName()) ? ShutdownTrigger.JVM_SHUTDOWN
				: ShutdownTrigger.CONTEXT_CLOSE;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public boolean supportsAsyncExecution() {
		return false;
	}

}

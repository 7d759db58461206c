package dev.orderly.shutdown;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.orderly.shutdown.internal.engine.ShutdownEngine;
import dev.orderly.shutdown.internal.engine.ShutdownRun;
import dev.orderly.shutdown.report.ShutdownReport;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the application's one shutdown from code and tells how it is going: Go's
 * {@code sync.Once} around {@code Server.Shutdown}.
 *
 * <pre class="code">
 * orderlyShutdown.initiate("lost leadership").join(); // waits for the report
 * </pre>
 *
 * @since 0.1.0
 */
public class OrderlyShutdown {

	/**
	 * Time the answer to {@code POST /actuator/shutdown} gets to reach its client before the
	 * context closes, as with Spring Boot's own endpoint: an actuator request is not traffic
	 * for the drain, so an idle server could otherwise stop while the answer is being written.
	 */
	private static final Duration ENDPOINT_ANSWER_TIME = Duration.ofMillis(500);

	private final ShutdownEngine engine;

	private final ConfigurableApplicationContext context;

	public OrderlyShutdown(ShutdownEngine engine, ConfigurableApplicationContext context) {
		this.engine = engine;
		this.context = context;
	}

	/**
	 * Shut the application down once. The first call begins the run and closes the
	 * application context on a new non-daemon thread (so the JVM stays up until the stages
	 * have run); later or concurrent calls, and calls after SIGTERM or
	 * {@code context.close()} began the run, join it and start nothing new.
	 * @param reason why, recorded in the report; may be {@code null}
	 * @return completes with the final report when the last stage has ended
	 */
	public CompletableFuture<ShutdownReport> initiate(@Nullable String reason) {
		return initiate(ShutdownTrigger.API, reason).run().completion().copy();
	}

	/**
	 * Shut the application down once, on behalf of an integration such as the actuator
	 * endpoint, as {@link #initiate(String)} does.
	 * @param trigger what triggers the shutdown
	 * @param reason why, recorded in the report; may be {@code null}
	 * @return the run, and whether this call began it
	 */
	public Initiation initiate(ShutdownTrigger trigger, @Nullable String reason) {
		ShutdownRun begun = this.engine.beginIfIdle(trigger, reason);
		if (begun != null) {
			Duration delay = (trigger == ShutdownTrigger.ENDPOINT) ? ENDPOINT_ANSWER_TIME : Duration.ZERO;
			Thread closer = new Thread(() -> closeAfter(delay), "orderly-shutdown");
			closer.setDaemon(false);
			closer.start();
			return new Initiation(begun, true);
		}
		return new Initiation(this.engine.currentRun().orElseThrow(), false);
	}

	private void closeAfter(Duration delay) {
		try {
			Thread.sleep(delay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.context.close();
	}

	/**
	 * What the current shutdown has done so far, or its final report once finished.
	 * @return the report, empty while no shutdown has begun
	 */
	public Optional<ShutdownReport> progress() {
		return this.engine.currentRun().map(ShutdownRun::report);
	}

	/**
	 * The run a call to {@link #initiate(ShutdownTrigger, String)} began or joined.
	 *
	 * @param run the run
	 * @param begunNow whether this call began it
	 */
	public record Initiation(ShutdownRun run, boolean begunNow) {
	}

}

package dev.orderly.shutdown.internal.engine;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.orderly.shutdown.OrderlyShutdown;
import dev.orderly.shutdown.ShutdownTrigger;
import dev.orderly.shutdown.report.ShutdownReport;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Begins the run from code, naming what triggers it, and closes the context: the one way
 * in for {@link OrderlyShutdown} (trigger {@code API}) and the actuator endpoint (trigger
 * {@code ENDPOINT}). The JVM hook and {@code context.close()} begin the run through
 * {@link ContextClosedTrigger} instead.
 */
public final class ShutdownInitiator {

	/**
	 * Time the answer to {@code POST /actuator/shutdown} gets to reach its client before the
	 * context closes, as with Spring Boot's own endpoint: an actuator request is not traffic
	 * for the drain, so an idle server could otherwise stop while the answer is being written.
	 */
	private static final Duration ENDPOINT_ANSWER_TIME = Duration.ofMillis(500);

	private final ShutdownEngine engine;

	private final ConfigurableApplicationContext context;

	/**
	 * Create the initiator.
	 * @param engine the engine whose run is begun
	 * @param context the context to close once the run has begun
	 */
	public ShutdownInitiator(ShutdownEngine engine, ConfigurableApplicationContext context) {
		this.engine = engine;
		this.context = context;
	}

	/**
	 * Shut the application down once, as {@link OrderlyShutdown#initiate(String)} does.
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
	 * The {@link OrderlyShutdown} of the application, which begins the run with the trigger
	 * {@code API}.
	 * @return the application's view of this initiator
	 */
	public OrderlyShutdown orderlyShutdown() {
		return new ApiShutdown(this);
	}

	/**
	 * The run a call to {@link #initiate(ShutdownTrigger, String)} began or joined.
	 *
	 * @param run the run
	 * @param begunNow whether this call began it
	 */
	public record Initiation(ShutdownRun run, boolean begunNow) {
	}

	/**
	 * What the application sees: it can ask for a shutdown with a reason, never claim to be
	 * the JVM hook or the endpoint.
	 */
	private static final class ApiShutdown implements OrderlyShutdown {

		private final ShutdownInitiator initiator;

		ApiShutdown(ShutdownInitiator initiator) {
			this.initiator = initiator;
		}

		@Override
		public CompletableFuture<ShutdownReport> initiate(@Nullable String reason) {
			return this.initiator.initiate(ShutdownTrigger.API, reason).run().completion().copy();
		}

		@Override
		public Optional<ShutdownReport> progress() {
			return this.initiator.engine.currentRun().map(ShutdownRun::report);
		}

	}

}

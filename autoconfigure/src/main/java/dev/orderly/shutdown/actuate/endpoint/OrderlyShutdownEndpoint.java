package dev.orderly.shutdown.actuate.endpoint;

import dev.orderly.shutdown.OrderlyShutdown;
import dev.orderly.shutdown.OrderlyShutdown.Initiation;
import dev.orderly.shutdown.ShutdownTrigger;
import dev.orderly.shutdown.engine.ShutdownEngine;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.context.ShutdownEndpoint;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code POST /actuator/shutdown}, in place of Spring Boot's: same id, same default access
 * ({@code NONE}), but it starts the once-only staged shutdown, records an optional
 * {@code reason}, and answers with the run's id, trigger and plan. A repeated POST answers
 * with the progress of the run in progress and starts nothing.
 *
 * @since 0.1.0
 */
public class OrderlyShutdownEndpoint extends ShutdownEndpoint {

	/** Longest reason accepted. */
	public static final int MAX_REASON_LENGTH = 200;

	private final OrderlyShutdown shutdown;

	private final ShutdownEngine engine;

	public OrderlyShutdownEndpoint(OrderlyShutdown shutdown, ShutdownEngine engine) {
		this.shutdown = shutdown;
		this.engine = engine;
	}

	@WriteOperation
	public ShutdownStarted shutdown(@Nullable String reason) {
		validate(reason);
		Initiation initiation = this.shutdown.initiate(ShutdownTrigger.ENDPOINT, reason);
		String message = initiation.begunNow() ? "Shutting down in stages"
				: "Shutdown already in progress (started by " + initiation.run().trigger().description() + ")";
		return new ShutdownStarted(message, initiation.begunNow(), initiation.run().id(),
				initiation.run().trigger().name(), initiation.run().reason(), PlanDescriptor.of(this.engine),
				ReportDescriptor.of(initiation.run().report()));
	}

	/**
	 * Not an operation (its subclass's {@link #shutdown(String)} is); called from code, it
	 * begins the staged shutdown, and Spring Boot's own close request then joins it.
	 */
	@Override
	public ShutdownDescriptor shutdown() {
		this.shutdown.initiate(ShutdownTrigger.ENDPOINT, null);
		return super.shutdown();
	}

	private static void validate(@Nullable String reason) {
		if (reason == null) {
			return;
		}
		if (reason.length() > MAX_REASON_LENGTH || reason.chars().anyMatch(Character::isISOControl)) {
			throw new InvalidEndpointRequestException(
					"Invalid reason: use at most " + MAX_REASON_LENGTH + " characters and no control characters",
					"Invalid reason");
		}
	}

	/**
	 * The answer to a shutdown request.
	 *
	 * @param message what happened
	 * @param started whether this request started the shutdown
	 * @param runId the run's id
	 * @param trigger what started the run
	 * @param reason the recorded reason
	 * @param plan the shutdown plan
	 * @param progress what the run has done so far
	 */
	public record ShutdownStarted(String message, boolean started, String runId, String trigger,
			@Nullable String reason, PlanDescriptor plan, @Nullable ReportDescriptor progress)
			implements OperationResponseBody {
	}

}

package dev.orderly.shutdown.internal.actuate.endpoint;

import dev.orderly.shutdown.ShutdownTrigger;
import dev.orderly.shutdown.internal.engine.ShutdownEngine;
import dev.orderly.shutdown.internal.engine.ShutdownInitiator;
import dev.orderly.shutdown.internal.engine.ShutdownInitiator.Initiation;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.context.ShutdownEndpoint;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * The {@code shutdown} endpoint, in place of Spring Boot's: same id, same default access
 * ({@code NONE}), same operation name ({@code shutdown}) and the same call, {@code curl -X
 * POST .../actuator/shutdown} with no body; but it starts the once-only staged shutdown,
 * records an optional {@code reason}, and answers with the run's id, trigger and plan. A
 * repeated request answers with the progress of the run in progress and starts nothing.
 * <p>
 * Spring Boot's {@link ShutdownEndpoint#shutdown()} must return its
 * {@code ShutdownDescriptor}, which cannot be extended (its constructor is package-private),
 * so each transport gets its own {@code shutdown} operation, as Spring Boot's health
 * endpoint does: {@link OrderlyShutdownWebExtension} over HTTP (200, or 400 for a rejected
 * reason; the reason comes from the query or a JSON body through
 * {@link ShutdownReasonInvokerAdvisor}), and {@link OrderlyShutdownJmxExtension} over JMX.
 */
public class OrderlyShutdownEndpoint extends ShutdownEndpoint {

	/** Longest reason accepted. */
	public static final int MAX_REASON_LENGTH = 200;

	/** Spring Boot's answer to a shutdown request, kept for scripts that look for it. */
	static final String SHUTTING_DOWN = "Shutting down, bye...";

	private final ShutdownInitiator shutdown;

	private final ShutdownEngine engine;

	public OrderlyShutdownEndpoint(ShutdownInitiator shutdown, ShutdownEngine engine) {
		this.shutdown = shutdown;
		this.engine = engine;
	}

	/**
	 * Begin (or join) the staged shutdown.
	 * @param reason why, recorded in the report; may be {@code null}; see
	 * {@link #checkReason(Object)}
	 * @return what this request did, and the run's plan and progress
	 */
	public ShutdownStarted begin(@Nullable String reason) {
		Initiation initiation = this.shutdown.initiate(ShutdownTrigger.ENDPOINT, reason);
		String message = initiation.begunNow() ? SHUTTING_DOWN
				: "Shutdown already in progress (started by " + initiation.run().trigger().description() + ")";
		return new ShutdownStarted(message, initiation.begunNow(), initiation.run().id(),
				initiation.run().trigger().label(), initiation.run().reason(), PlanDescriptor.of(this.engine),
				ReportDescriptor.current(initiation.run().report()));
	}

	/**
	 * Why a requested reason cannot be recorded.
	 * @param reason the reason as the request gave it: text, or for example a list when the
	 * query repeats {@code reason}
	 * @return the refusal, or {@code null} if the reason is acceptable (or absent)
	 */
	static @Nullable ShutdownRefused checkReason(@Nullable Object reason) {
		if (reason == null) {
			return null;
		}
		if (!(reason instanceof String text)) {
			return new ShutdownRefused("Invalid reason: give one reason, as text");
		}
		if (text.length() > MAX_REASON_LENGTH || text.chars().anyMatch(Character::isISOControl)) {
			return new ShutdownRefused(
					"Invalid reason: use at most " + MAX_REASON_LENGTH + " characters and no control characters");
		}
		return null;
	}

	/**
	 * Not an operation (the transports' extensions have their own); called from code, it
	 * begins the staged shutdown, and Spring Boot's own close request then joins it.
	 */
	@Override
	public ShutdownDescriptor shutdown() {
		this.shutdown.initiate(ShutdownTrigger.ENDPOINT, null);
		return super.shutdown();
	}

	/**
	 * The answer to a shutdown request.
	 *
	 * @param message what happened
	 * @param started whether this request started the shutdown
	 * @param run the run's id
	 * @param trigger what started the run, for example {@code endpoint}
	 * @param reason the recorded reason
	 * @param plan the shutdown plan
	 * @param progress what the run has done so far
	 */
	public record ShutdownStarted(String message, boolean started, String run, String trigger,
			@Nullable String reason, PlanDescriptor plan, @Nullable ReportDescriptor progress)
			implements OperationResponseBody {
	}

	/**
	 * The answer to a shutdown request that was refused; nothing was shut down.
	 *
	 * @param message why
	 */
	public record ShutdownRefused(String message) implements OperationResponseBody {
	}

}

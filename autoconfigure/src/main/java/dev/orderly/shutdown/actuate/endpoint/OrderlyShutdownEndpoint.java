package dev.orderly.shutdown.actuate.endpoint;

import dev.orderly.shutdown.OrderlyShutdown;
import dev.orderly.shutdown.OrderlyShutdown.Initiation;
import dev.orderly.shutdown.ShutdownTrigger;
import dev.orderly.shutdown.engine.ShutdownEngine;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.context.ShutdownEndpoint;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * {@code POST /actuator/shutdown}, in place of Spring Boot's: same id, same default access
 * ({@code NONE}), and the same call, {@code curl -X POST .../actuator/shutdown} with no body;
 * but it starts the once-only staged shutdown, records an optional {@code reason} (JSON body
 * {@code {"reason":"..."}} or {@code ?reason=...}), and answers with the run's id, trigger
 * and plan. A repeated POST answers with the progress of the run in progress and starts
 * nothing.
 * <p>
 * The operation takes no parameter on purpose: Spring Boot makes a write operation with a
 * parameter require a JSON content type, and would answer the documented call with 415. The
 * reason is read from the request's arguments by {@link ShutdownReasonInvokerAdvisor}.
 *
 * @since 0.1.0
 */
public class OrderlyShutdownEndpoint extends ShutdownEndpoint {

	/** Longest reason accepted. */
	public static final int MAX_REASON_LENGTH = 200;

	/** Spring Boot's answer to a shutdown request, kept for scripts that look for it. */
	static final String SHUTTING_DOWN = "Shutting down, bye...";

	private final OrderlyShutdown shutdown;

	private final ShutdownEngine engine;

	public OrderlyShutdownEndpoint(OrderlyShutdown shutdown, ShutdownEngine engine) {
		this.shutdown = shutdown;
		this.engine = engine;
	}

	/**
	 * The operation, without a reason; over the web {@link ShutdownReasonInvokerAdvisor}
	 * calls {@link #shutdown(String)} with the request's reason instead.
	 * @return the answer: 200, or 400 for a rejected reason
	 */
	@WriteOperation
	public WebEndpointResponse<OperationResponseBody> shutdownInStages() {
		return shutdown((String) null);
	}

	/**
	 * Begin (or join) the staged shutdown.
	 * @param reason why, recorded in the report; may be {@code null}
	 * @return the answer: 200 with {@link ShutdownStarted}, or 400 with {@link ShutdownRefused}
	 * saying why the reason was rejected (in the body, since Spring Boot's error page leaves
	 * messages out by default)
	 */
	public WebEndpointResponse<OperationResponseBody> shutdown(@Nullable String reason) {
		if (!isAcceptable(reason)) {
			return refuse("Invalid reason: use at most " + MAX_REASON_LENGTH + " characters and no control characters");
		}
		Initiation initiation = this.shutdown.initiate(ShutdownTrigger.ENDPOINT, reason);
		String message = initiation.begunNow() ? SHUTTING_DOWN
				: "Shutdown already in progress (started by " + initiation.run().trigger().description() + ")";
		return new WebEndpointResponse<>(new ShutdownStarted(message, initiation.begunNow(), initiation.run().id(),
				initiation.run().trigger().label(), initiation.run().reason(), PlanDescriptor.of(this.engine),
				ReportDescriptor.current(initiation.run().report())));
	}

	private static boolean isAcceptable(@Nullable String reason) {
		return reason == null
				|| (reason.length() <= MAX_REASON_LENGTH && reason.chars().noneMatch(Character::isISOControl));
	}

	/**
	 * Refuse the request with 400.
	 * @param message why
	 * @return the answer
	 */
	WebEndpointResponse<OperationResponseBody> refuse(String message) {
		return new WebEndpointResponse<>(new ShutdownRefused(message), WebEndpointResponse.STATUS_BAD_REQUEST);
	}

	/**
	 * Not an operation (this class's {@link #shutdownInStages()} is); called from code, it
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

package dev.orderly.shutdown.internal.actuate.endpoint;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvoker;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvokerAdvisor;
import org.springframework.boot.actuate.endpoint.invoke.OperationParameters;

/**
 * Lets the parameterless {@code shutdown} operation of {@link OrderlyShutdownWebExtension}
 * see the {@code reason} of the request: from the query string ({@code ?reason=...}) or a
 * JSON body ({@code {"reason":"..."}}), both of which Spring Boot's web layer puts into the
 * invocation's arguments.
 * <p>
 * Why not a {@code reason} parameter: Spring Boot makes a {@code POST} operation with any
 * non-selector parameter consume only JSON ({@code RequestPredicateFactory}), so the call that
 * Boot documents, {@code curl -X POST .../actuator/shutdown} with no body and no content type,
 * would get 415 and shut nothing down. A parameterless operation accepts any request; this
 * public {@link OperationInvokerAdvisor} hook is how its invocation still sees the reason, on
 * Spring MVC, WebFlux and Jersey alike. It wraps the invoker it is given and always calls
 * through to it, so the advisors applied before it still run.
 */
public class ShutdownReasonInvokerAdvisor implements OperationInvokerAdvisor {

	private static final EndpointId SHUTDOWN = EndpointId.of("shutdown");

	/** The reason of the invocation in progress on this thread; operations run on one thread. */
	private static final ThreadLocal<@Nullable Object> REQUESTED_REASON = new ThreadLocal<>();

	@Override
	public OperationInvoker apply(EndpointId endpointId, OperationType operationType, OperationParameters parameters,
			OperationInvoker invoker) {
		if (!SHUTDOWN.equals(endpointId) || operationType != OperationType.WRITE || parameters.hasParameters()) {
			return invoker;
		}
		return (context) -> {
			Object outer = REQUESTED_REASON.get();
			REQUESTED_REASON.set(context.getArguments().get("reason"));
			try {
				return invoker.invoke(context);
			}
			finally {
				REQUESTED_REASON.set(outer);
			}
		};
	}

	/**
	 * The {@code reason} argument of the shutdown invocation in progress on this thread.
	 * @return the argument as the request gave it (text, or a list for a repeated query
	 * parameter), or {@code null}
	 */
	static @Nullable Object requestedReason() {
		return REQUESTED_REASON.get();
	}

}

package dev.orderly.shutdown.actuate.endpoint;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvoker;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvokerAdvisor;
import org.springframework.boot.actuate.endpoint.invoke.OperationParameters;

/**
 * Gives the parameterless shutdown operation of {@link OrderlyShutdownEndpoint} the
 * {@code reason} of the request: from the query string ({@code ?reason=...}) or a JSON body
 * ({@code {"reason":"..."}}), both of which Spring Boot's web layer puts into the invocation's
 * arguments.
 * <p>
 * Why not a {@code reason} parameter: Spring Boot makes a {@code POST} operation with any
 * non-selector parameter consume only JSON ({@code RequestPredicateFactory}), so the call that
 * Boot documents, {@code curl -X POST .../actuator/shutdown} with no body and no content type,
 * would get 415 and shut nothing down. A parameterless operation accepts any request; this
 * public {@link OperationInvokerAdvisor} hook is how its invocation still sees the reason, on
 * Spring MVC, WebFlux and Jersey alike.
 *
 * @since 0.1.0
 */
public class ShutdownReasonInvokerAdvisor implements OperationInvokerAdvisor {

	private static final EndpointId SHUTDOWN = EndpointId.of("shutdown");

	private final Supplier<@Nullable OrderlyShutdownEndpoint> endpoint;

	/**
	 * Create an advisor.
	 * @param endpoint the staged shutdown endpoint, or {@code null} where the application
	 * declares its own shutdown endpoint (then nothing is advised)
	 */
	public ShutdownReasonInvokerAdvisor(Supplier<@Nullable OrderlyShutdownEndpoint> endpoint) {
		this.endpoint = endpoint;
	}

	@Override
	public OperationInvoker apply(EndpointId endpointId, OperationType operationType, OperationParameters parameters,
			OperationInvoker invoker) {
		OrderlyShutdownEndpoint endpoint = SHUTDOWN.equals(endpointId) && operationType == OperationType.WRITE
				&& !parameters.hasParameters() ? this.endpoint.get() : null;
		if (endpoint == null) {
			return invoker;
		}
		return (context) -> {
			Object reason = context.getArguments().get("reason");
			if (reason == null || reason instanceof String) {
				return endpoint.shutdown((String) reason);
			}
			return endpoint.refuse("Invalid reason: give one reason, as text");
		};
	}

}

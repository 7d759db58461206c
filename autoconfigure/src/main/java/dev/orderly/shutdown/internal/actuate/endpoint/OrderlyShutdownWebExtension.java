package dev.orderly.shutdown.internal.actuate.endpoint;

import dev.orderly.shutdown.internal.actuate.endpoint.OrderlyShutdownEndpoint.ShutdownRefused;
import dev.orderly.shutdown.internal.actuate.endpoint.OrderlyShutdownEndpoint.ShutdownStarted;

import org.springframework.aot.hint.annotation.RegisterReflectionForBinding;
import org.springframework.boot.actuate.context.ShutdownEndpoint;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * {@code POST /actuator/shutdown} of {@link OrderlyShutdownEndpoint}, on Spring MVC, WebFlux
 * and Jersey: begins (or joins) the staged shutdown with the request's reason and answers
 * 200, or answers 400 with the refusal in the body (Spring Boot's error page leaves messages
 * out by default) and shuts nothing down.
 * <p>
 * The operation takes no parameter on purpose: Spring Boot makes a write operation with a
 * parameter require a JSON content type, and would answer the documented call, {@code curl
 * -X POST} with no body, with 415. The reason reaches it through
 * {@link ShutdownReasonInvokerAdvisor}.
 */
@EndpointWebExtension(endpoint = ShutdownEndpoint.class)
public class OrderlyShutdownWebExtension {

	private final OrderlyShutdownEndpoint endpoint;

	public OrderlyShutdownWebExtension(OrderlyShutdownEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	/**
	 * Begin (or join) the staged shutdown, named as Spring Boot's operation.
	 * @return 200 with {@link OrderlyShutdownEndpoint.ShutdownStarted}, or 400 with
	 * {@link ShutdownRefused}
	 */
	@WriteOperation
	// Spring Boot registers binding hints for an operation's declared body type, here only
	// the interface: these are the bodies actually written as JSON.
	@RegisterReflectionForBinding({ ShutdownStarted.class, ShutdownRefused.class })
	public WebEndpointResponse<OperationResponseBody> shutdown() {
		Object reason = ShutdownReasonInvokerAdvisor.requestedReason();
		ShutdownRefused refused = OrderlyShutdownEndpoint.checkReason(reason);
		if (refused != null) {
			return new WebEndpointResponse<>(refused, WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		return new WebEndpointResponse<>(this.endpoint.begin((String) reason));
	}

}

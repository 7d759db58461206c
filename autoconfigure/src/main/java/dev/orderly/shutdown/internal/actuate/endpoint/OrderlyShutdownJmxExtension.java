package dev.orderly.shutdown.internal.actuate.endpoint;

import dev.orderly.shutdown.internal.actuate.endpoint.OrderlyShutdownEndpoint.ShutdownStarted;

import org.springframework.boot.actuate.context.ShutdownEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.jmx.annotation.EndpointJmxExtension;

/**
 * The JMX operation {@code shutdown} of {@link OrderlyShutdownEndpoint}, named as Spring
 * Boot's so that existing JMX clients keep working: begins (or joins) the staged shutdown and
 * answers with a map that has Spring Boot's {@code message} and the run's id, trigger and
 * plan.
 */
@EndpointJmxExtension(endpoint = ShutdownEndpoint.class)
public class OrderlyShutdownJmxExtension {

	private final OrderlyShutdownEndpoint endpoint;

	public OrderlyShutdownJmxExtension(OrderlyShutdownEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	/**
	 * Begin (or join) the staged shutdown.
	 * @return what this request did, and the run's plan and progress
	 */
	@WriteOperation
	public ShutdownStarted shutdown() {
		return this.endpoint.begin(null);
	}

}

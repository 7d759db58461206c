package dev.orderly.shutdown.internal.drain;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.web.server.reactive.context.ReactiveWebServerInitializedEvent;
import org.springframework.boot.webflux.autoconfigure.WebHttpHandlerBuilderCustomizer;
import org.springframework.context.ApplicationListener;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

/**
 * Puts the {@link InFlightWebFilter} at the very front of the filters of the
 * {@code HttpHandler} that Spring Boot builds, after every other customizer has run (it is
 * ordered last), and warns once when the application's server started with a handler Boot
 * did not build (the application's own {@code HttpHandler} bean): no request is counted
 * then, and the drain ends after its quiet period whatever the traffic.
 */
public final class FirstWebFilter implements WebHttpHandlerBuilderCustomizer,
		ApplicationListener<ReactiveWebServerInitializedEvent> {

	private static final Log logger = LogFactory.getLog(FirstWebFilter.class);

	private final InFlightWebFilter filter;

	private volatile boolean applied;

	/**
	 * Create the customizer.
	 * @param filter the filter to put first
	 */
	public FirstWebFilter(InFlightWebFilter filter) {
		this.filter = filter;
	}

	@Override
	public void customize(WebHttpHandlerBuilder builder) {
		builder.filters((filters) -> filters.add(0, this.filter));
		this.applied = true;
	}

	@Override
	public void onApplicationEvent(ReactiveWebServerInitializedEvent event) {
		// Boot builds the handler as the application's server starts, just before this event;
		// a management server on its own port has a namespace, and handlers of its own
		if (event.getApplicationContext().getServerNamespace() == null && !this.applied) {
			logger.warn("Orderly shutdown: the application's HttpHandler was not built by Spring Boot (an HttpHandler "
					+ "bean of the application's own?), so the drain's in-flight filter is not in it: no request is "
					+ "counted, and the drain ends after orderly.shutdown.drain.quiet-period whatever the traffic");
		}
	}

}

package dev.orderly.shutdown.internal.drain;

import java.util.function.Supplier;

import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The reactive counterpart of {@link InFlightRequestFilter}, first of the chain: counts
 * application requests in flight and, during the drain, asks HTTP/1.x clients to close their
 * connection. Requests to the {@link IgnoredPaths} are not counted as traffic.
 * <p>
 * A request is in flight from the moment the chain is subscribed until the chain's
 * {@code Mono} ends, whatever the handler returns: it completes once the response body
 * (all of a {@code Flux}, an SSE stream included) has been written, it errors, or it is
 * cancelled because its connection closed (the client went away, or the server closed it:
 * the web stage then reports it cut off, as it got no response). An error is rendered by Spring's
 * {@code WebExceptionHandler}s, which sit outside the filter chain: the request counts as
 * finished when the error leaves the chain, just before its error response is written.
 */
public final class InFlightWebFilter implements WebFilter {

	private final InFlightRequests requests;

	private final ResolvedOnFirstRequest ignoredPaths;

	/**
	 * Create a filter.
	 * @param requests the bookkeeping to update
	 * @param ignoredPaths paths of requests that are not traffic; asked for once, at the
	 * first request. If it throws, the failure is logged at WARN and every request counts as
	 * traffic: the starter never fails an application request.
	 */
	public InFlightWebFilter(InFlightRequests requests, Supplier<IgnoredPaths> ignoredPaths) {
		this.requests = requests;
		this.ignoredPaths = new ResolvedOnFirstRequest(ignoredPaths);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpResponse response = exchange.getResponse();
		// at commit, not now: a request that began before the drain may answer during it
		response.beforeCommit(() -> {
			if (this.requests.isDraining()) {
				askToClose(exchange.getRequest(), response);
			}
			return Mono.empty();
		});
		if (this.ignoredPaths.get().matches(exchange.getRequest().getPath())) {
			return chain.filter(exchange);
		}
		// Spring calls filters when the chain is subscribed, so this counts a request that runs
		this.requests.arrived();
		return chain.filter(exchange).doFinally((signal) -> {
			if (signal == SignalType.CANCEL) {
				this.requests.cancelled();
			}
			else {
				this.requests.finished();
			}
		});
	}

	/**
	 * Ask an HTTP/1.x client to close its connection; an HTTP/2 client is sent away with
	 * GOAWAY instead, which the server sends itself when its graceful shutdown begins.
	 */
	private static void askToClose(ServerHttpRequest request, ServerHttpResponse response) {
		if (HttpVersions.isHttp1(request)) {
			response.getHeaders().set(HttpHeaders.CONNECTION, "close");
		}
	}

}

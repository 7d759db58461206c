package dev.orderly.shutdown.internal.drain;

import java.net.InetSocketAddress;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.RequestPath;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The reactive counterpart of {@link InFlightRequestFilter}, first of the chain: counts
 * application requests in flight and, during the drain, asks HTTP/1.x clients to close their
 * connection. Requests to the {@link IgnoredPaths} are not counted as traffic; during the
 * drain, the answers to health checks among them are recorded in
 * {@link ReadinessProbeFailures}, once the chain has completed and the status is known.
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

	private final ReadinessProbeFailures probeFailures;

	/**
	 * Create a filter.
	 * @param requests the bookkeeping to update
	 * @param ignoredPaths paths of requests that are not traffic; asked for once, at the
	 * first request. If it throws, the failure is logged at WARN and every request counts as
	 * traffic: the starter never fails an application request.
	 * @param probeFailures where the answers to health checks during the drain are recorded
	 */
	public InFlightWebFilter(InFlightRequests requests, Supplier<IgnoredPaths> ignoredPaths,
			ReadinessProbeFailures probeFailures) {
		this.requests = requests;
		this.ignoredPaths = new ResolvedOnFirstRequest(ignoredPaths);
		this.probeFailures = probeFailures;
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
		IgnoredPaths ignoredPaths = this.ignoredPaths.get();
		if (ignoredPaths.matches(exchange.getRequest().getPath())) {
			return chain.filter(exchange).doOnSuccess((done) -> recordIfHealthCheck(exchange, ignoredPaths));
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

	private void recordIfHealthCheck(ServerWebExchange exchange, IgnoredPaths ignoredPaths) {
		ServerHttpRequest request = exchange.getRequest();
		RequestPath path = request.getPath();
		String client = clientAddress(request.getRemoteAddress());
		if (this.probeFailures.isRecording() && client != null && ignoredPaths.isHealthCheck(path)) {
			HttpStatusCode status = exchange.getResponse().getStatusCode();
			this.probeFailures.answered(client, (status != null) ? status.value() : 200);
		}
	}

	/**
	 * The client's IP address, as the servlet API's {@code getRemoteAddr()} gives it;
	 * {@code null} for a request with no connection behind it.
	 */
	private static @Nullable String clientAddress(@Nullable InetSocketAddress address) {
		if (address == null) {
			return null;
		}
		return (address.getAddress() != null) ? address.getAddress().getHostAddress() : address.getHostString();
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

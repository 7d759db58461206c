package dev.orderly.shutdown.internal.drain;

import java.io.IOException;
import java.util.function.Supplier;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * First filter of the chain: counts application requests in flight (async ones until their
 * async processing completes) and, during the drain, asks HTTP/1.x clients to close their
 * connection, so keep-alive clients and proxies reconnect to another instance instead of
 * reusing a connection that will be closed under them. Requests to the {@link IgnoredPaths}
 * (the actuator's endpoints, the health groups' additional paths, configured paths) are not
 * counted as traffic; during the drain, the answers to health checks among them are recorded
 * in {@link ReadinessProbeFailures}.
 */
public final class InFlightRequestFilter extends OncePerRequestFilter {

	private final InFlightRequests requests;

	private final ResolvedOnFirstRequest ignoredPaths;

	private final ReadinessProbeFailures probeFailures;

	/**
	 * Create a filter.
	 * @param requests the bookkeeping to update
	 * @param ignoredPaths paths of requests that are not traffic; asked for once, at the
	 * first request, so a supplier can resolve them once the application has started (a
	 * filter is created before most beans). If it throws, the failure is logged at WARN and
	 * every request counts as traffic: the starter never fails an application request.
	 * @param probeFailures where the answers to health checks during the drain are recorded
	 */
	public InFlightRequestFilter(InFlightRequests requests, Supplier<IgnoredPaths> ignoredPaths,
			ReadinessProbeFailures probeFailures) {
		this.requests = requests;
		this.ignoredPaths = new ResolvedOnFirstRequest(ignoredPaths);
		this.probeFailures = probeFailures;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.requests.isDraining()) {
			askToClose(request, response);
		}
		IgnoredPaths ignoredPaths = this.ignoredPaths.get();
		if (ignoredPaths.matches(request.getRequestURI(), request.getContextPath())) {
			chain.doFilter(request, response);
			// the health endpoint answers at once; an async answer's status is not known yet
			if (this.probeFailures.isRecording() && !request.isAsyncStarted()
					&& ignoredPaths.isHealthCheck(request.getRequestURI(), request.getContextPath())) {
				this.probeFailures.answered(request.getRemoteAddr(), response.getStatus());
			}
			return;
		}
		this.requests.arrived();
		boolean finished = true;
		try {
			chain.doFilter(request, response);
			if (request.isAsyncStarted()) {
				request.getAsyncContext().addListener(new AsyncCompletion(this.requests));
				finished = false;
			}
			else if (this.requests.isDraining() && !response.isCommitted()) {
				// began before the drain, ends during it
				askToClose(request, response);
			}
		}
		finally {
			if (finished) {
				this.requests.finished();
			}
		}
	}

	/**
	 * Ask an HTTP/1.x client to close its connection. HTTP/2 forbids the header (a strict
	 * client resets the stream); an HTTP/2 client is sent away with GOAWAY instead, which
	 * the server sends itself when its graceful shutdown begins.
	 */
	private static void askToClose(HttpServletRequest request, HttpServletResponse response) {
		if (HttpVersions.isHttp1(request.getProtocol())) {
			response.setHeader(HttpHeaders.CONNECTION, "close");
		}
	}

	/**
	 * Counts an async request as finished when its async processing ends, however it ends.
	 */
	private static final class AsyncCompletion implements AsyncListener {

		private final InFlightRequests requests;

		private boolean done;

		AsyncCompletion(InFlightRequests requests) {
			this.requests = requests;
		}

		@Override
		public void onComplete(AsyncEvent event) {
			finish();
		}

		@Override
		public void onTimeout(AsyncEvent event) {
			// onComplete follows
		}

		@Override
		public void onError(AsyncEvent event) {
			// onComplete follows
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			event.getAsyncContext().addListener(this);
		}

		private synchronized void finish() {
			if (!this.done) {
				this.done = true;
				this.requests.finished();
			}
		}

	}

}

package dev.orderly.shutdown.internal.drain;

import java.io.IOException;
import java.util.function.Supplier;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * First filter of the chain: counts application requests in flight (async ones until their
 * async processing completes) and, during the drain, asks HTTP/1.x clients to close their
 * connection, so keep-alive clients and proxies reconnect to another instance instead of
 * reusing a connection that will be closed under them. Requests to the {@link IgnoredPaths}
 * (the actuator's endpoints, the health groups' additional paths, configured paths) are not
 * counted as traffic.
 */
public final class InFlightRequestFilter extends OncePerRequestFilter {

	private static final String HTTP_1 = "HTTP/1.";

	private final InFlightRequests requests;

	private final Supplier<IgnoredPaths> ignoredPathsSupplier;

	private volatile @Nullable IgnoredPaths ignoredPaths;

	/**
	 * Create a filter.
	 * @param requests the bookkeeping to update
	 * @param ignoredPaths paths of requests that are not traffic; asked for once, at the
	 * first request, so a supplier can resolve them once the application has started (a
	 * filter is created before most beans). If it throws, the failure is logged at WARN and
	 * every request counts as traffic: the starter never fails an application request.
	 */
	public InFlightRequestFilter(InFlightRequests requests, Supplier<IgnoredPaths> ignoredPaths) {
		this.requests = requests;
		this.ignoredPathsSupplier = ignoredPaths;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.requests.isDraining()) {
			askToClose(request, response);
		}
		if (ignoredPaths().matches(request)) {
			chain.doFilter(request, response);
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

	private IgnoredPaths ignoredPaths() {
		IgnoredPaths paths = this.ignoredPaths;
		if (paths != null) {
			return paths;
		}
		synchronized (this) {
			if (this.ignoredPaths == null) {
				this.ignoredPaths = resolveIgnoredPaths();
			}
			return this.ignoredPaths;
		}
	}

	/**
	 * Resolved once: a supplier that failed would fail again, and counting a health check as
	 * traffic only keeps the drain open longer, up to its maximum.
	 */
	private IgnoredPaths resolveIgnoredPaths() {
		try {
			return this.ignoredPathsSupplier.get();
		}
		catch (RuntimeException ex) {
			this.logger.warn("Could not resolve the paths that are not traffic; every request now counts as traffic, "
					+ "so health checks may keep the drain open up to orderly.shutdown.drain.max-delay", ex);
			return IgnoredPaths.none();
		}
	}

	/**
	 * Ask an HTTP/1.x client to close its connection. HTTP/2 forbids the header (a strict
	 * client resets the stream); an HTTP/2 client is sent away with GOAWAY instead, which
	 * the server sends itself when its graceful shutdown begins.
	 */
	private static void askToClose(HttpServletRequest request, HttpServletResponse response) {
		if (request.getProtocol().startsWith(HTTP_1)) {
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

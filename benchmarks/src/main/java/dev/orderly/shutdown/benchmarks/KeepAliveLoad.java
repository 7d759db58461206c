package dev.orderly.shutdown.benchmarks;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The traffic of one instance in a simulated rolling restart: {@code clients} keep-alive
 * clients (one thread and one JDK {@code HttpClient}, HTTP/1.1, each) sending back to back while
 * the balancer routes here, every {@code slowEvery}-th request of each {@code /slow?ms=slowMs},
 * the others {@code /hello}; and a prober that checks {@code /actuator/health/readiness} every
 * {@code probeInterval} and notes when it is first seen down after t0. The runners decide when
 * routing stops ({@link #stopRouting()}); requests already sent are awaited.
 * <p>
 * A failed request is an exception (refused, reset, closed without a response, timed out after
 * 10 s) or a response other than 200 with the expected body; each is recorded with its kind and
 * when it was sent.
 */
final class KeepAliveLoad {

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

	private final URI base;

	private final int clients;

	private final int slowEvery;

	private final long slowMillis;

	private final Duration probeInterval;

	private final Duration pauseAfterFailure;

	private final List<Thread> threads = new ArrayList<>();

	private final AtomicLong sent = new AtomicLong();

	private final AtomicLong sentAfterT0 = new AtomicLong();

	private final AtomicLong answered = new AtomicLong();

	private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();

	private final CountDownLatch readinessDown = new CountDownLatch(1);

	private final CountDownLatch clientsAnswered;

	private volatile boolean routed = true;

	private volatile boolean probing = true;

	private volatile long t0 = Long.MAX_VALUE;

	private volatile long readinessDownMillis = -1;

	/**
	 * A client that got a failure waits {@code pauseAfterFailure} before its next request: with
	 * zero, a refused connection is retried at once, so the count of failures grows with how fast
	 * refusals come back; with a pause, it measures how long the instance turned traffic away.
	 */
	KeepAliveLoad(URI base, int clients, int slowEvery, long slowMillis, Duration probeInterval,
			Duration pauseAfterFailure) {
		this.base = base;
		this.clients = clients;
		this.slowEvery = slowEvery;
		this.slowMillis = slowMillis;
		this.probeInterval = probeInterval;
		this.pauseAfterFailure = pauseAfterFailure;
		this.clientsAnswered = new CountDownLatch(clients);
	}

	void start() {
		for (int i = 0; i < this.clients; i++) {
			this.threads.add(new Thread(this::client, "client-" + i));
		}
		this.threads.add(new Thread(this::prober, "prober"));
		for (Thread thread : this.threads) {
			thread.setDaemon(true); // a run that fails must not keep the runner alive
			thread.start();
		}
	}

	/** From now on requests count as sent after t0, and readiness down is noted. */
	void markT0(long nanoTime) {
		this.t0 = nanoTime;
	}

	/**
	 * Waits until every client has had an answer, so its keep-alive connection is open: on a
	 * loaded machine the first requests of a fresh JVM can take seconds.
	 */
	boolean awaitEveryClientAnswered(Duration timeout) throws InterruptedException {
		return this.clientsAnswered.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** The balancer stops routing here: the clients send nothing new. */
	void stopRouting() {
		this.routed = false;
	}

	/** Waits until the prober has seen readiness down (not 200, or no answer) after t0. */
	boolean awaitReadinessDown(Duration timeout) throws InterruptedException {
		return this.readinessDown.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** Stops routing and probing; waits for the requests in flight. */
	void stop() throws InterruptedException {
		this.routed = false;
		this.probing = false;
		for (Thread thread : this.threads) {
			thread.join(REQUEST_TIMEOUT.toMillis() + 5000);
		}
	}

	long sent() {
		return this.sent.get();
	}

	long sentAfterT0() {
		return this.sentAfterT0.get();
	}

	/** Requests answered with 200 and the expected body. */
	long answered() {
		return this.answered.get();
	}

	List<Failure> failures() {
		return List.copyOf(this.failures);
	}

	/** The failed requests counted by kind, such as "connection refused" or "HTTP 503". */
	Map<String, Long> failureKinds() {
		Map<String, Long> kinds = new TreeMap<>();
		this.failures.forEach((failure) -> kinds.merge(failure.kind(), 1L, Long::sum));
		return kinds;
	}

	/** When readiness was first seen down, in ms after t0; -1 if it was not. */
	long readinessDownMillis() {
		return this.readinessDownMillis;
	}

	/** Sends requests back to back on its keep-alive connection while the balancer routes here. */
	private void client() {
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		long count = 0;
		boolean answeredOnce = false;
		while (this.routed) {
			boolean slow = ++count % this.slowEvery == 0;
			String path = slow ? "/slow?ms=" + this.slowMillis : "/hello";
			String expected = slow ? "slow " + this.slowMillis : "hello";
			long started = System.nanoTime();
			this.sent.incrementAndGet();
			if (started >= this.t0) {
				this.sentAfterT0.incrementAndGet();
			}
			try {
				HttpResponse<String> response = client.send(
						HttpRequest.newBuilder(this.base.resolve(path)).timeout(REQUEST_TIMEOUT).build(),
						HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() != 200) {
					fail(started, path, "HTTP " + response.statusCode(), response.body());
				}
				else if (!expected.equals(response.body())) {
					fail(started, path, "wrong body", response.body());
				}
				else {
					this.answered.incrementAndGet();
					if (!answeredOnce) {
						answeredOnce = true;
						this.clientsAnswered.countDown();
					}
				}
			}
			catch (IOException | InterruptedException ex) {
				fail(started, path, kindOf(ex), ex.toString());
			}
		}
	}

	private void fail(long started, String path, String kind, String detail) {
		this.failures.add(new Failure((started - this.t0) / 1e6, path, kind, detail));
		sleepUntil(System.nanoTime() + this.pauseAfterFailure.toNanos());
	}

	/** Health-checks readiness; notes when it is first seen down after t0. */
	private void prober() {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		while (this.probing) {
			int status;
			try {
				status = client.send(HttpRequest.newBuilder(this.base.resolve("/actuator/health/readiness"))
					.timeout(Duration.ofSeconds(2))
					.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
			}
			catch (IOException | InterruptedException ex) {
				status = -1;
			}
			long now = System.nanoTime();
			if (status != 200 && now >= this.t0 && this.readinessDownMillis < 0) {
				this.readinessDownMillis = TimeUnit.NANOSECONDS.toMillis(now - this.t0);
				this.readinessDown.countDown();
			}
			sleepUntil(now + this.probeInterval.toNanos());
		}
	}

	/**
	 * How a request failed, as a client sees it: refused (nothing listens any more), reset,
	 * closed without a response (a keep-alive connection closed under the request), timed out.
	 */
	static String kindOf(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof HttpConnectTimeoutException) {
				return "connect timed out";
			}
			if (cause instanceof HttpTimeoutException) {
				return "timed out";
			}
			if (cause instanceof ConnectException) {
				return "connection refused";
			}
			String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
			if (message.contains("reset")) {
				return "connection reset";
			}
			if (message.contains("received no bytes") || message.contains("eof") || message.contains("closed")) {
				return "closed without response";
			}
		}
		return failure.getClass().getSimpleName();
	}

	/** Sleeps until {@code nanoTime} on the {@link System#nanoTime()} clock. */
	static void sleepUntil(long nanoTime) {
		long remaining;
		while ((remaining = nanoTime - System.nanoTime()) > 0) {
			try {
				TimeUnit.NANOSECONDS.sleep(remaining);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/** One failed request: when it was sent (ms after t0), what, how it failed. */
	record Failure(double sentAtMillis, String path, String kind, String detail) {

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "sent at t0%+.0f ms: %s -> %s: %s", this.sentAtMillis, this.path,
					this.kind, this.detail);
		}

	}

}

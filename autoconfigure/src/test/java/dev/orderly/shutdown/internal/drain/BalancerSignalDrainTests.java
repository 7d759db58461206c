package dev.orderly.shutdown.internal.drain;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.testsupport.RecordingListener;
import dev.orderly.shutdown.testsupport.TestWebApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The balancer's readiness checks as the drain's signal, end to end on Tomcat: simulated
 * balancer nodes, each from a loopback address of its own, check readiness every 100 ms on a
 * new connection (as HAProxy does), route sparse traffic while they count the instance up,
 * and stop routing once they have seen {@code fall} failed checks in a row.
 */
class BalancerSignalDrainTests {

	private static final List<String> PROPERTIES = List.of(TestWebApplication.ON_TOMCAT,
			"management.endpoints.web.exposure.include=health", "orderly.shutdown.drain.balancer-failure-threshold=2",
			"orderly.shutdown.drain.quiet-period=3s", "orderly.shutdown.drain.min-delay=0s",
			"orderly.shutdown.drain.max-delay=10s", "orderly.shutdown.budget=40s");

	private final DrainEndListener listener = new DrainEndListener();

	private final List<BalancerNode> nodes = new ArrayList<>();

	private ConfigurableApplicationContext context;

	@AfterEach
	void stop() {
		this.nodes.forEach(BalancerNode::stop);
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void whenTheOnlyBalancerHasSeenItsFailuresTheDrainEndsWithoutWaitingTheQuietPeriod() throws Exception {
		start();
		ReadinessProbeFailures probeFailures = this.context.getBean(ReadinessProbeFailures.class);
		BalancerNode balancer = node("127.0.0.2");
		awaitRouted(balancer);
		CompletableFuture<Duration> closing = closeInBackground();
		long fallen = balancer.fallen.get(10, TimeUnit.SECONDS);
		closing.get(20, TimeUnit.SECONDS);
		StageReport drain = report().stage("drain");
		long afterFall = TimeUnit.NANOSECONDS.toMillis(this.listener.drainEnded.get() - fallen);
		assertThat(drain.outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
		assertThat(drain.detail()).contains("balancer stopped routing");
		// measured 133 to 168 ms (3 runs, load average 25 on 2 CPUs): the signal, then the 100 ms
		// floor; the 3 s quiet period would have ended the drain 3 s after the last request
		assertThat(afterFall).as("ms from the balancer's second failed check to the drain's end").isLessThan(800);
		assertThat(drain.duration()).isLessThan(Duration.ofMillis(2500));
		assertThat(balancer.failedRequests()).isZero();
		assertThat(probeFailures.failuresByProber())
			.hasEntrySatisfying("127.0.0.2", (failures) -> assertThat(failures).isGreaterThanOrEqualTo(2));
	}

	@Test
	void whenOneOfTwoBalancersDiesAfterAFailedCheckTheDrainEndsByTheQuietRuleNotAtMaxDelay() throws Exception {
		start();
		ReadinessProbeFailures probeFailures = this.context.getBean(ReadinessProbeFailures.class);
		BalancerNode alive = node("127.0.0.2");
		BalancerNode dying = node("127.0.0.3");
		dying.dieAfterFailures = 1;
		awaitRouted(alive);
		awaitRouted(dying);
		CompletableFuture<Duration> closing = closeInBackground();
		alive.fallen.get(10, TimeUnit.SECONDS);
		closing.get(20, TimeUnit.SECONDS);
		StageReport drain = report().stage("drain");
		assertThat(drain.outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
		assertThat(drain.detail()).doesNotContain("balancer stopped routing");
		// the last request came before the balancers fell; then 3 s of quiet, far from the 10 s max delay
		assertThat(drain.duration()).isBetween(Duration.ofMillis(2900), Duration.ofMillis(8000));
		assertThat(probeFailures.failuresByProber())
			.containsEntry("127.0.0.3", 1)
			.hasEntrySatisfying("127.0.0.2", (failures) -> assertThat(failures).isGreaterThanOrEqualTo(2));
		assertThat(alive.failedRequests() + dying.failedRequests()).isZero();
	}

	private void start() {
		this.context = TestWebApplication.start(new SpringApplicationBuilder(DrainTestApplication.class),
				Map.of("drainEndListener", this.listener), PROPERTIES);
	}

	private BalancerNode node(String address) {
		BalancerNode node = new BalancerNode(address, TestWebApplication.baseUri(this.context));
		this.nodes.add(node);
		node.start();
		return node;
	}

	private static void awaitRouted(BalancerNode node) {
		await().atMost(Duration.ofSeconds(5)).until(() -> node.served.get() > 0);
	}

	private CompletableFuture<Duration> closeInBackground() {
		return TestWebApplication.closeInBackground(this.context);
	}

	private ShutdownReport report() throws Exception {
		return this.listener.finished.get(10, TimeUnit.SECONDS);
	}

	/** Notes when the drain stage ended, on the test's clock. */
	static final class DrainEndListener extends RecordingListener {

		final AtomicLong drainEnded = new AtomicLong();

		@Override
		public void stageFinished(ShutdownReport report, StageReport stage) {
			if (stage.name().equals("drain")) {
				this.drainEnded.set(System.nanoTime());
			}
			super.stageFinished(report, stage);
		}

	}

	/**
	 * One node of a load balancer: checks readiness every 100 ms from its own address, sends
	 * an application request every 300 ms while it counts the instance up, and takes it out
	 * after two failed checks in a row ({@code fall 2}); optionally dies (stops everything)
	 * after some failed checks.
	 */
	static final class BalancerNode {

		private static final int FALL = 2;

		private final String address;

		private final URI base;

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicInteger served = new AtomicInteger();

		private final List<String> failures = new CopyOnWriteArrayList<>();

		/** When the node took the instance out, on the test's clock. */
		final CompletableFuture<Long> fallen = new CompletableFuture<>();

		volatile int dieAfterFailures = Integer.MAX_VALUE;

		private volatile boolean up = true;

		private final List<Thread> threads = new ArrayList<>();

		BalancerNode(String address, URI base) {
			this.address = address;
			this.base = base;
		}

		void start() {
			for (Runnable loop : List.<Runnable>of(this::check, this::route)) {
				Thread thread = new Thread(loop, "balancer " + this.address);
				thread.setDaemon(true);
				thread.start();
				this.threads.add(thread);
			}
		}

		int failedRequests() {
			return this.failures.size();
		}

		private void check() {
			int inARow = 0;
			int failed = 0;
			while (this.running.get()) {
				int status;
				try {
					status = get("/actuator/health/readiness");
				}
				catch (IOException ex) {
					status = -1; // the server stopped accepting: a failed check too
				}
				inARow = (status == 200) ? 0 : inARow + 1;
				if (status != 200) {
					failed++;
				}
				if (inARow >= FALL && this.up) {
					this.up = false;
					this.fallen.complete(System.nanoTime());
				}
				if (failed >= this.dieAfterFailures) {
					this.running.set(false);
					return;
				}
				sleep(100);
			}
		}

		private void route() {
			while (this.running.get()) {
				if (this.up) {
					try {
						int status = get("/hello");
						if (status == 200) {
							this.served.incrementAndGet();
						}
						else {
							this.failures.add("HTTP " + status);
						}
					}
					catch (IOException ex) {
						this.failures.add(ex.toString());
					}
				}
				sleep(300);
			}
		}

		/** One request on a new connection from this node's address, as HAProxy checks. */
		private int get(String path) throws IOException {
			try (Socket socket = new Socket()) {
				socket.bind(new InetSocketAddress(InetAddress.getByName(this.address), 0));
				socket.connect(new InetSocketAddress("127.0.0.1", this.base.getPort()), 2000);
				socket.setSoTimeout(5000);
				OutputStream out = socket.getOutputStream();
				out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
				out.flush();
				InputStream in = socket.getInputStream();
				String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
				if (!response.startsWith("HTTP/1.1 ")) {
					throw new IOException("no HTTP response: '" + response + "'");
				}
				return Integer.parseInt(response.substring(9, 12));
			}
		}

		void stop() {
			this.running.set(false);
			for (Thread thread : this.threads) {
				try {
					thread.join(10_000);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}

		private static void sleep(long millis) {
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}

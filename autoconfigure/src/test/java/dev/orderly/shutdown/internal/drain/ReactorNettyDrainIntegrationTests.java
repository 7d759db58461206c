package dev.orderly.shutdown.internal.drain;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.report.StageReport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reactive drain on Reactor Netty.
 */
class ReactorNettyDrainIntegrationTests extends AbstractReactiveDrainIntegrationTests {

	ReactorNettyDrainIntegrationTests() {
		super(ReactiveServer.REACTOR_NETTY);
	}

	/**
	 * Without the 2 s quiet period in which Reactor Netty's event loops wait for late tasks
	 * when the context destroys them, after every stage: it would fall into the timing bounds
	 * of the shared scenarios, which are about the stages. Spring Boot's devtools sets the
	 * same. The rolling-restart test keeps the default, and its SIGTERM-to-exit time shows it.
	 */
	@Override
	List<String> serverProperties() {
		List<String> properties = new ArrayList<>(super.serverProperties());
		properties.add("spring.reactor.netty.shutdown-quiet-period=0s");
		return properties;
	}

	/**
	 * With HTTP/2 the web stage lets the requests in flight finish before Reactor Netty's
	 * graceful shutdown begins; that shutdown then sends the GOAWAY and closes the idle
	 * connection at once, so the client may hear it just after the stage has ended.
	 */
	@Override
	boolean goAwayBeforeTheWebStageEnds() {
		return false;
	}

	/**
	 * Reactor Netty cancels a response whose client has gone, so it stops counting at once;
	 * Tomcat and Jetty notice only when the response is written, so a request whose client
	 * hung up stays in flight until its handler ends, as their graceful shutdown also waits.
	 */
	@Test
	void aRequestWhoseClientHungUpIsNoLongerInFlightAndDoesNotHoldTheShutdown() throws Exception {
		start("orderly.shutdown.drain.quiet-period=500ms");
		InFlightRequests requests = this.context.getBean(InFlightRequests.class);
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			sendSlowRequest(socket, requests);
		}
		await().atMost(Duration.ofSeconds(2)).until(requests::inFlight, (count) -> count == 0);
		Duration took = closeInBackground().get(10, TimeUnit.SECONDS);
		assertThat(took).isLessThan(Duration.ofSeconds(3));
		StageReport web = report().stage("web");
		assertThat(web.outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
		assertThat(web.counts()).containsEntry("requests.in-flight", 0L).containsEntry("requests.cut-off", 0L);
	}

	/**
	 * A request whose connection closes while the web stage waits for it got no response:
	 * Reactor Netty's graceful shutdown ends at once, as if it had been answered. The report
	 * says it was cut off, and after the time that passed, not after the stage's timeout.
	 */
	@Test
	void aRequestWhoseConnectionClosesWhileTheWebStageWaitsIsCutOffNotAnswered() throws Exception {
		start("orderly.shutdown.drain.quiet-period=200ms");
		InFlightRequests requests = this.context.getBean(InFlightRequests.class);
		CompletableFuture<Duration> closing;
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			sendSlowRequest(socket, requests);
			closing = closeInBackground();
			await().atMost(Duration.ofSeconds(3)).until(() -> this.listener.events.contains("stage started web"));
		}
		closing.get(10, TimeUnit.SECONDS);
		StageReport web = report().stage("web");
		assertThat(web.counts()).containsEntry("requests.in-flight", 1L).containsEntry("requests.cut-off", 1L);
		// Reactor Netty ends its graceful shutdown at once; the exchange may be cancelled
		// within the count's moment to catch up, or later (seen: later)
		assertThat(web.detail()).matches("1 in flight when accepting stopped; 1 (closed unanswered|still active when "
				+ "the server's graceful shutdown ended after (\\d+ ms|\\d\\.\\d\\d s)), cut off");
		// ended by the closed connection, not by the 5 s timeout
		assertThat(web.duration()).isLessThan(Duration.ofSeconds(2));
	}

	/** Send a request that takes 30 s on the socket, and wait until it is in flight. */
	private static void sendSlowRequest(Socket socket, InFlightRequests requests) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write("GET /slow?ms=30000 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		out.flush();
		await().atMost(Duration.ofSeconds(2)).until(requests::inFlight, (count) -> count == 1);
	}

	@Test
	void steadyTrafficEndsTheDrainSoonAfterTheLastRequest() throws Exception {
		assertSteadyTrafficEndsTheDrainSoonAfterTheLastRequest();
	}

	@Test
	void burstyTrafficLosesNoRequest() throws Exception {
		assertBurstyTrafficLosesNoRequest();
	}

	/**
	 * The reactive filter's probe failures end the drain as the servlet filter's do (see
	 * {@link BalancerSignalDrainTests} for Tomcat, with several balancer nodes).
	 */
	@Test
	void theBalancersSignalEndsTheDrainAfterTheFloor() throws Exception {
		assertTheBalancersSignalEndsTheDrainAfterTheFloor();
	}

}

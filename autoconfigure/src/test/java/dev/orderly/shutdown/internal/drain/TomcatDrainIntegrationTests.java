package dev.orderly.shutdown.internal.drain;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.frames.GoAwayFrame;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TomcatDrainIntegrationTests extends AbstractServletDrainIntegrationTests {

	@Override
	List<String> serverProperties() {
		return List.of("spring.autoconfigure.exclude="
				+ "org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration");
	}

	@Override
	String webServerType() {
		return "TomcatWebServer";
	}

	/**
	 * Tomcat sends a graceful GOAWAY to every HTTP/2 connection when its connector pauses;
	 * Jetty, stopped gracefully by Spring Boot, sends none (its connections close when the
	 * server stops).
	 */
	@Test
	void whenAcceptingStopsTomcatTellsHttp2ClientsToGoAwayAndStreamsInFlightStillComplete() throws Exception {
		start("server.http2.enabled=true", "orderly.shutdown.drain.quiet-period=500ms");
		InFlightRequests requests = this.context.getBean(InFlightRequests.class);
		HTTP2Client idle = new HTTP2Client();
		idle.start();
		try (StrictHttp2Client busy = StrictHttp2Client.start(null)) {
			CompletableFuture<List<String>> eventsAtGoAway = new CompletableFuture<>();
			idle.connect(new InetSocketAddress("127.0.0.1", this.port), new Session.Listener() {
				@Override
				public void onGoAway(Session session, GoAwayFrame frame) {
					eventsAtGoAway.complete(List.copyOf(TomcatDrainIntegrationTests.this.listener.events));
				}
			}).get(5, TimeUnit.SECONDS);
			CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> {
				try {
					return busy.get(uri("/slow?ms=2000")).getContentAsString();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			await().atMost(Duration.ofSeconds(2)).until(requests::inFlight, (count) -> count == 1);
			closeInBackground().get(15, TimeUnit.SECONDS);
			// told when Boot's graceful shutdown paused the connector, after the drain
			assertThat(eventsAtGoAway.get(5, TimeUnit.SECONDS)).contains("stage finished drain completed")
				.doesNotContain("stage finished web completed");
			// a client that honours a graceful GOAWAY keeps the streams it had open; the JDK's
			// HttpClient of Java 17 instead fails them ("GOAWAY received")
			assertThat(slow.get(5, TimeUnit.SECONDS)).isEqualTo("slow 2000");
			assertThat(report().stage("web").counts()).containsEntry("requests.in-flight", 1L)
				.containsEntry("requests.cut-off", 0L);
		}
		finally {
			idle.stop();
		}
	}

}

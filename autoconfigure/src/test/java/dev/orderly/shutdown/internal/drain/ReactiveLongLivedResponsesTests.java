package dev.orderly.shutdown.internal.drain;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.orderly.shutdown.testsupport.EventStream;
import dev.orderly.shutdown.testsupport.RecordingWebSocket;
import dev.orderly.shutdown.testsupport.TestWebApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jetty.autoconfigure.reactive.JettyReactiveWebServerAutoConfiguration;
import org.springframework.boot.reactor.netty.NettyWebServer;
import org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reactive long-lived responses on a real Reactor Netty server
 * ({@link LongLivedStreamsApplication}): an SSE stream completes cleanly and a WebSocket
 * closes with 1001 when the drain ends, and neither stays registered once it has ended by
 * itself.
 */
class ReactiveLongLivedResponsesTests {

	private static final Duration BOUND = Duration.ofSeconds(10);

	private ConfigurableApplicationContext context;

	private LongLivedResponsesAtDrain longLivedResponses;

	@BeforeEach
	void start() {
		this.context = TestWebApplication.start(
				new SpringApplicationBuilder(LongLivedStreamsApplication.class).web(WebApplicationType.REACTIVE),
				Map.of(), List.of("spring.autoconfigure.exclude=" + TomcatReactiveWebServerAutoConfiguration.class.getName()
						+ "," + JettyReactiveWebServerAutoConfiguration.class.getName()));
		assertThat(((WebServerApplicationContext) this.context).getWebServer()).isInstanceOf(NettyWebServer.class);
		this.longLivedResponses = this.context.getBean(LongLivedResponsesAtDrain.class);
	}

	@AfterEach
	void close() throws Exception {
		// on a thread of its own: the common pool may have one worker only (2 CPUs)
		CompletableFuture.runAsync(this.context::close, (task) -> new Thread(task, "test-close").start())
			.get(30, TimeUnit.SECONDS);
	}

	@Test
	void anSseStreamCompletesWithAWellFormedEndWhenTheDrainEnds() throws Exception {
		try (EventStream events = EventStream.open(uri("/ticks"))) {
			assertThat(events.response().statusCode()).isEqualTo(200);
			assertThat(events.response().headers().firstValue("transfer-encoding")).hasValue("chunked");
			assertThat(events.nextData()).isEqualTo("data:tick 0");
			assertThat(this.longLivedResponses.endAll()).isEqualTo(1);
			long start = System.nanoTime();
			List<String> rest = events.readToEnd(BOUND);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
			assertThat(rest.stream().filter((line) -> line.startsWith("data:"))).hasSizeLessThan(5);
		}
		assertThat(this.longLivedResponses.registered()).isZero();
	}

	@Test
	void anSseStreamThatEndsByItselfIsForgotten() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(uri("/ticks?count=3")).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.body()).contains("data:tick 0", "data:tick 1", "data:tick 2")
			.doesNotContain("data:tick 3");
		await().atMost(BOUND).until(this.longLivedResponses::registered, (registered) -> registered == 0);
		assertThat(this.longLivedResponses.endAll()).isZero();
	}

	@Test
	void anSseStreamWhoseClientWentAwayIsForgotten() throws Exception {
		try (EventStream events = EventStream.open(uri("/ticks"))) {
			assertThat(events.nextData()).isEqualTo("data:tick 0");
			assertThat(this.longLivedResponses.registered()).isOne();
		}
		await().atMost(BOUND).until(this.longLivedResponses::registered, (registered) -> registered == 0);
	}

	@Test
	void anSseStreamRequestedAfterTheDrainEndedCompletesAtOnceWithoutEvents() throws Exception {
		this.longLivedResponses.endAll();
		try (EventStream events = EventStream.open(uri("/ticks"))) {
			assertThat(events.response().statusCode()).isEqualTo(200);
			long start = System.nanoTime();
			assertThat(events.readToEnd(BOUND)).noneMatch((line) -> line.startsWith("data:"));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		}
		assertThat(this.longLivedResponses.registered()).isZero();
	}

	@Test
	void aWebSocketSessionIsClosedWithGoingAwayWhenTheDrainEnds() throws Exception {
		RecordingWebSocket webSocket = new RecordingWebSocket();
		connect(webSocket);
		await().atMost(BOUND).until(() -> webSocket.texts, (texts) -> texts.contains("hello"));
		assertThat(this.longLivedResponses.endAll()).isEqualTo(1);
		assertThat(webSocket.closed.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1001);
	}

	@Test
	void aWebSocketSessionClosedByItsClientIsForgotten() throws Exception {
		RecordingWebSocket webSocket = new RecordingWebSocket();
		WebSocket client = connect(webSocket);
		await().atMost(BOUND).until(() -> webSocket.texts, (texts) -> texts.contains("hello"));
		assertThat(this.longLivedResponses.registered()).isOne();
		client.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(BOUND.toSeconds(), TimeUnit.SECONDS);
		await().atMost(BOUND).until(this.longLivedResponses::registered, (registered) -> registered == 0);
		assertThat(this.longLivedResponses.endAll()).isZero();
	}

	@Test
	void aWebSocketOpenedAfterTheDrainEndedIsClosedWithGoingAwayAtOnce() throws Exception {
		this.longLivedResponses.endAll();
		RecordingWebSocket webSocket = new RecordingWebSocket();
		connect(webSocket);
		assertThat(webSocket.closed.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1001);
		assertThat(this.longLivedResponses.registered()).isZero();
	}

	private URI uri(String path) {
		return TestWebApplication.baseUri(this.context).resolve(path);
	}

	private WebSocket connect(WebSocket.Listener listener) throws Exception {
		return HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.buildAsync(URI.create("ws://127.0.0.1:" + TestWebApplication.port(this.context) + "/ws"), listener)
			.get(BOUND.toSeconds(), TimeUnit.SECONDS);
	}

}

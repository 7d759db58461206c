package dev.orderly.shutdown.internal.drain;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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
 * Reactive long-lived responses on a real Reactor Netty server ({@link LongLivedStreamsApplication}):
 * an SSE stream completes cleanly and a WebSocket closes with 1001 when the drain ends, and
 * neither stays registered once it has ended by itself.
 */
class ReactiveLongLivedResponsesTests {

	private static final Duration BOUND = Duration.ofSeconds(10);

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

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
		HttpResponse<Stream<String>> response = this.client.send(request("/ticks"),
				HttpResponse.BodyHandlers.ofLines());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("transfer-encoding")).hasValue("chunked");
		Iterator<String> lines = response.body().iterator();
		assertThat(nextData(lines)).isEqualTo("data:tick 0");
		assertThat(this.longLivedResponses.endAll()).isEqualTo(1);
		// the rest of the body, up to its end: a connection cut before the chunked
		// terminator fails the read ("EOF reached while reading") instead
		long start = System.nanoTime();
		List<String> rest = CompletableFuture.supplyAsync(() -> remaining(lines), this::onOwnThread)
			.get(BOUND.toSeconds(), TimeUnit.SECONDS);
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(took).isLessThan(Duration.ofSeconds(5));
		assertThat(rest.stream().filter((line) -> line.startsWith("data:"))).hasSizeLessThan(5);
		assertThat(this.longLivedResponses.registered()).isZero();
	}

	@Test
	void anSseStreamThatEndsByItselfIsForgotten() throws Exception {
		HttpResponse<String> response = this.client.send(request("/ticks?count=3"),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.body()).contains("data:tick 0", "data:tick 1", "data:tick 2")
			.doesNotContain("data:tick 3");
		await().atMost(BOUND).until(this.longLivedResponses::registered, (registered) -> registered == 0);
		assertThat(this.longLivedResponses.endAll()).isZero();
	}

	@Test
	void anSseStreamWhoseClientWentAwayIsForgotten() throws Exception {
		HttpResponse<Stream<String>> response = this.client.send(request("/ticks"),
				HttpResponse.BodyHandlers.ofLines());
		try (Stream<String> body = response.body()) {
			assertThat(nextData(body.iterator())).isEqualTo("data:tick 0");
			assertThat(this.longLivedResponses.registered()).isOne();
		}
		await().atMost(BOUND).until(this.longLivedResponses::registered, (registered) -> registered == 0);
	}

	@Test
	void anSseStreamRequestedAfterTheDrainEndedCompletesAtOnceWithoutEvents() throws Exception {
		this.longLivedResponses.endAll();
		long start = System.nanoTime();
		HttpResponse<String> response = this.client
			.sendAsync(request("/ticks"), HttpResponse.BodyHandlers.ofString())
			.get(BOUND.toSeconds(), TimeUnit.SECONDS);
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).doesNotContain("data:");
		assertThat(took).isLessThan(Duration.ofSeconds(5));
		assertThat(this.longLivedResponses.registered()).isZero();
	}

	@Test
	void aWebSocketSessionIsClosedWithGoingAwayWhenTheDrainEnds() throws Exception {
		WebSocketClientListener listener = new WebSocketClientListener();
		connect(listener);
		await().atMost(BOUND).until(() -> listener.texts, (texts) -> texts.contains("hello"));
		assertThat(this.longLivedResponses.endAll()).isEqualTo(1);
		assertThat(listener.closed.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1001);
	}

	@Test
	void aWebSocketSessionClosedByItsClientIsForgotten() throws Exception {
		WebSocketClientListener listener = new WebSocketClientListener();
		WebSocket webSocket = connect(listener);
		await().atMost(BOUND).until(() -> listener.texts, (texts) -> texts.contains("hello"));
		assertThat(this.longLivedResponses.registered()).isOne();
		webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(BOUND.toSeconds(), TimeUnit.SECONDS);
		await().atMost(BOUND).until(this.longLivedResponses::registered, (registered) -> registered == 0);
		assertThat(this.longLivedResponses.endAll()).isZero();
	}

	@Test
	void aWebSocketOpenedAfterTheDrainEndedIsClosedWithGoingAwayAtOnce() throws Exception {
		this.longLivedResponses.endAll();
		WebSocketClientListener listener = new WebSocketClientListener();
		connect(listener);
		assertThat(listener.closed.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1001);
		assertThat(this.longLivedResponses.registered()).isZero();
	}

	private HttpRequest request(String path) {
		return HttpRequest.newBuilder(TestWebApplication.baseUri(this.context).resolve(path)).build();
	}

	private WebSocket connect(WebSocket.Listener listener) throws Exception {
		URI uri = URI.create("ws://127.0.0.1:" + TestWebApplication.port(this.context) + "/ws");
		return this.client.newWebSocketBuilder()
			.buildAsync(uri, listener)
			.get(BOUND.toSeconds(), TimeUnit.SECONDS);
	}

	private void onOwnThread(Runnable task) {
		new Thread(task, "test-sse-reader").start();
	}

	private static String nextData(Iterator<String> lines) {
		while (lines.hasNext()) {
			String line = lines.next();
			if (line.startsWith("data:")) {
				return line;
			}
		}
		throw new AssertionError("The stream ended before its first event");
	}

	private static List<String> remaining(Iterator<String> lines) {
		List<String> rest = new ArrayList<>();
		lines.forEachRemaining(rest::add);
		return rest;
	}

	/** Records what a WebSocket client receives, and the status the session closes with. */
	static final class WebSocketClientListener implements WebSocket.Listener {

		final List<String> texts = new CopyOnWriteArrayList<>();

		final CompletableFuture<Integer> closed = new CompletableFuture<>();

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.texts.add(data.toString());
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.closed.complete(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			this.closed.completeExceptionally(error);
		}

	}

}

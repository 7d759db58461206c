package dev.orderly.shutdown.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.orderly.shutdown.autoconfigure.OptionalDependenciesProcessTests.UserClassPath;
import dev.orderly.shutdown.internal.drain.LongLivedStreamsApplication;
import dev.orderly.shutdown.testsupport.ChildJvm;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A WebFlux application on a class path without Spring MVC (as a user's would be) streams
 * server-sent events and holds a WebSocket session through
 * {@code dev.orderly.shutdown.web.reactive}; SIGTERM ends both cleanly, and nothing fails
 * to load.
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class ReactiveLongLivedResponsesProcessTests {

	private static final Duration BOUND = Duration.ofSeconds(30);

	@AutoClose
	private ChildJvm app;

	@Test
	void sigtermEndsTheSseStreamAndClosesTheWebSocketWithGoingAwayWithoutSpringMvcOnTheClassPath()
			throws Exception {
		this.app = ChildJvm.startReady(UserClassPath.REACTIVE_APPLICATION.from(System.getProperty("java.class.path")),
				LongLivedStreamsApplication.class,
				List.of("--server.port=0", "--orderly.shutdown.drain.quiet-period=100ms"),
				LongLivedStreamsApplication.READY);
		String[] ready = this.app.awaitLine((line) -> line.startsWith(LongLivedStreamsApplication.READY),
				Duration.ofSeconds(1))
			.substring(LongLivedStreamsApplication.READY.length() + 1)
			.split(" ");
		assertThat(ready[1]).as("Spring MVC on the class path").isEqualTo("webmvc=false");
		int port = Integer.parseInt(ready[0]);
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		HttpResponse<Stream<String>> events = client.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ticks")).build(),
				HttpResponse.BodyHandlers.ofLines());
		Iterator<String> lines = events.body().iterator();
		assertThat(firstEvent(lines)).isEqualTo("data:tick 0");
		WebSocketClosed webSocket = new WebSocketClosed();
		client.newWebSocketBuilder()
			.buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), webSocket)
			.get(BOUND.toSeconds(), TimeUnit.SECONDS);
		await().atMost(BOUND).until(() -> webSocket.texts, (texts) -> texts.contains("hello"));

		this.app.sigterm();

		// read to the chunked terminator: a connection cut before it fails the read instead
		CompletableFuture<List<String>> rest = CompletableFuture.supplyAsync(() -> {
			List<String> remaining = new ArrayList<>();
			lines.forEachRemaining(remaining::add);
			return remaining;
		}, (task) -> new Thread(task, "test-sse-reader").start());
		assertThat(rest.get(BOUND.toSeconds(), TimeUnit.SECONDS)).as(this.app.log()).isNotNull();
		assertThat(webSocket.closed.get(BOUND.toSeconds(), TimeUnit.SECONDS)).as(this.app.log()).isEqualTo(1001);
		assertThat(this.app.waitForExit(BOUND)).as(this.app.log()).isTrue();
		assertThat(this.app.exitValue()).as(this.app.log()).isEqualTo(143);
		assertThat(this.app.log()).doesNotContain("NoClassDefFoundError", "ClassNotFoundException");
	}

	private static String firstEvent(Iterator<String> lines) {
		while (lines.hasNext()) {
			String line = lines.next();
			if (line.startsWith("data:")) {
				return line;
			}
		}
		throw new AssertionError("The stream ended before its first event");
	}

	/** Records what the client receives and the status its session is closed with. */
	private static final class WebSocketClosed implements WebSocket.Listener {

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

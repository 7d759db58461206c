package dev.orderly.shutdown.internal.drain;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.orderly.shutdown.testsupport.RecordingListener;
import dev.orderly.shutdown.testsupport.TestWebApplication;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * During the drain, each reactive server sends the HTTP/1.1 response with
 * {@code Connection: close}, as the reactive filter asks, and then closes the connection,
 * so a keep-alive client reconnects (through the balancer, to another instance); an HTTP/2
 * response never carries the header, which HTTP/2 forbids.
 */
class ReactiveConnectionCloseTests {

	@ParameterizedTest
	@EnumSource
	void duringTheDrainTheServerAnswersWithConnectionCloseAndThenClosesTheConnection(ReactiveServer server)
			throws Exception {
		RecordingListener listener = new RecordingListener();
		ConfigurableApplicationContext context = TestWebApplication.start(
				new SpringApplicationBuilder(ReactorNettyInFlightWebFilterTests.StreamingApplication.class)
					.web(WebApplicationType.REACTIVE),
				Map.of("shutdownListener", listener),
				properties(server, "orderly.shutdown.drain.min-delay=10s", "orderly.shutdown.drain.max-delay=10s",
						"orderly.shutdown.drain.quiet-period=200ms"));
		assertThat(((WebServerApplicationContext) context).getWebServer().getClass().getSimpleName())
			.isEqualTo(server.webServerType());
		int port = TestWebApplication.port(context);
		try (Socket before = new Socket("127.0.0.1", port)) {
			before.setSoTimeout(10_000);
			String response = exchange(before);
			assertThat(response).doesNotContainIgnoringCase("connection: close");
			new Thread(context::close).start();
			InFlightRequests requests = context.getBean(InFlightRequests.class);
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(requests::isDraining);
			// the same keep-alive connection, opened before the drain
			assertThat(exchange(before)).containsIgnoringCase("connection: close");
			long answered = System.nanoTime();
			// long before the drain's min-delay ends and the server stops: the response closed it
			before.setSoTimeout(5_000);
			assertThat(before.getInputStream().read()).as("the connection is closed after the response")
				.isEqualTo(-1);
			assertThat(Duration.ofNanos(System.nanoTime() - answered)).isLessThan(Duration.ofSeconds(5));
			assertThat(requests.isDraining()).isTrue();
		}
		assertThat(listener.finished.get(30, TimeUnit.SECONDS).stage("drain").outcome().name())
			.isEqualTo("COMPLETED");
	}

	@ParameterizedTest
	@EnumSource
	void duringTheDrainAnH2cResponseCarriesNoConnectionHeader(ReactiveServer server) throws Exception {
		RecordingListener listener = new RecordingListener();
		ConfigurableApplicationContext context = TestWebApplication.start(
				new SpringApplicationBuilder(ReactorNettyInFlightWebFilterTests.StreamingApplication.class)
					.web(WebApplicationType.REACTIVE),
				Map.of("shutdownListener", listener),
				properties(server, "server.http2.enabled=true",
						"orderly.shutdown.drain.min-delay=3s", "orderly.shutdown.drain.quiet-period=200ms"));
		new Thread(context::close).start();
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> context.getBean(InFlightRequests.class).isDraining());
		HttpClientResponse response = HttpClient.create()
			.protocol(HttpProtocol.H2C)
			.headers((headers) -> headers.set("X-Probe", "h2c"))
			.get()
			.uri(TestWebApplication.baseUri(context).resolve("/hello"))
			.response()
			.block(Duration.ofSeconds(10));
		assertThat(response.version().majorVersion()).isEqualTo(2);
		assertThat(response.status().code()).isEqualTo(200);
		assertThat(response.responseHeaders().contains(HttpHeaders.CONNECTION)).isFalse();
		// the filter's own decision, before a server's HTTP/2 codec could drop the header
		assertThat(context.getBean(ReactorNettyInFlightWebFilterTests.StreamingApplication.class).connectionAtCommit)
			.containsEntry("h2c", "");
		listener.finished.get(30, TimeUnit.SECONDS);
	}

	private static List<String> properties(ReactiveServer server, String... properties) {
		List<String> all = new ArrayList<>(server.properties());
		all.addAll(List.of(properties));
		return all;
	}

	/** Sends {@code GET /hello} and reads its response, {@code hello} with its length. */
	private static String exchange(Socket socket) throws IOException {
		socket.getOutputStream()
			.write("GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		InputStream in = socket.getInputStream();
		StringBuilder read = new StringBuilder();
		while (!read.toString().endsWith("\r\n\r\nhello")) {
			int next = in.read();
			assertThat(next).as("response so far: %s", read).isNotNegative();
			read.append((char) next);
		}
		return read.toString();
	}

}

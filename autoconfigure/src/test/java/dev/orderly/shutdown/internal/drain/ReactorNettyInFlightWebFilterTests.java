package dev.orderly.shutdown.internal.drain;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.internal.plan.StagePlan;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.testsupport.RecordingListener;
import dev.orderly.shutdown.testsupport.TestWebApplication;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClientResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.reactor.netty.NettyWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reactive in-flight filter on a real Reactor Netty server: what it counts, for how
 * long, and the {@code Connection: close} it adds during the drain, as HTTP clients see it.
 * The scenarios of the whole drain on every server are in the drain integration tests.
 */
class ReactorNettyInFlightWebFilterTests {

	/** Reactor Netty, though Jetty and Tomcat are on the test class path too. */
	private static final String ON_REACTOR_NETTY = "spring.autoconfigure.exclude="
			+ "org.springframework.boot.jetty.autoconfigure.reactive.JettyReactiveWebServerAutoConfiguration,"
			+ "org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration";

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final RecordingListener listener = new RecordingListener();

	private ConfigurableApplicationContext context;

	@AfterEach
	void close() throws Exception {
		if (this.context != null && this.context.isActive()) {
			new Thread(this.context::close).start();
			this.listener.finished.get(30, TimeUnit.SECONDS);
		}
	}

	@Test
	void aStreamedFluxIsInFlightUntilItsLastEventIsWrittenNotOnlyUntilItsHeaders() throws Exception {
		start();
		HttpResponse<Stream<String>> response = this.client.send(get("/stream"), HttpResponse.BodyHandlers.ofLines());
		Iterator<String> lines = response.body().iterator();
		assertThat(lines.next()).isEqualTo("data:tick 0");
		assertThat(requests().inFlight()).isEqualTo(1);
		lines.forEachRemaining((line) -> {
		});
		awaitNoneInFlight();
	}

	@Test
	void aHandlerErrorIsAnsweredByTheErrorHandlersAndEndsTheRequest() throws Exception {
		start();
		HttpResponse<String> response = this.client.send(get("/boom"), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(500);
		awaitNoneInFlight();
		assertThat(requests().inFlight()).isZero();
	}

	@Test
	void aRequestWhoseClientWentAwayMidStreamIsNoLongerInFlight() throws Exception {
		start();
		try (Socket socket = new Socket("127.0.0.1", TestWebApplication.port(this.context))) {
			socket.setSoTimeout(10_000);
			send(socket, "/endless");
			readUntil(socket.getInputStream(), "tick 1");
			assertThat(requests().inFlight()).isEqualTo(1);
		}
		// Reactor Netty cancels the response when the connection closes under it
		awaitNoneInFlight();
	}

	@Test
	void healthChecksProbesAndIgnoredPathsAreNotCountedButApplicationRequestsAre() throws Exception {
		start("management.endpoint.health.probes.enabled=true",
				"management.endpoint.health.probes.add-additional-paths=true",
				"management.endpoint.health.group.readiness.include=readinessState,recorder",
				"management.endpoint.health.group.custom.include=recorder",
				"management.endpoint.health.group.custom.additional-path=server:/healthz",
				"orderly.shutdown.drain.ignored-paths=/internal/**");
		AtomicInteger seenByHealth = this.context.getBean(StreamingApplication.class).seenByHealth;
		for (String probe : List.of("/actuator/health", "/readyz", "/healthz")) {
			seenByHealth.set(-1);
			assertThat(this.client.send(get(probe), HttpResponse.BodyHandlers.ofString()).statusCode())
				.as(probe)
				.isEqualTo(200);
			assertThat(seenByHealth).as(probe).hasValue(0);
		}
		assertThat(this.client.send(get("/internal/count"), HttpResponse.BodyHandlers.ofString()).body())
			.isEqualTo("0");
		assertThat(this.client.send(get("/count"), HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("1");
	}

	@Test
	void duringTheDrainHttp11ResponsesAskToCloseAndNettyClosesTheConnectionButHttp2OnesDoNot() throws Exception {
		start("orderly.shutdown.drain.min-delay=4s", "orderly.shutdown.drain.max-delay=8s",
				"server.http2.enabled=true");
		Map<String, String> atCommit = this.context.getBean(StreamingApplication.class).connectionAtCommit;
		HttpResponse<String> before = this.client.send(probe("/hello", "before"),
				HttpResponse.BodyHandlers.ofString());
		assertThat(before.headers().firstValue(HttpHeaders.CONNECTION)).isEmpty();
		CompletableFuture<HttpResponse<String>> beganBefore = this.client.sendAsync(probe("/slow?ms=2000", "slow"),
				HttpResponse.BodyHandlers.ofString());
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> requests().inFlight() == 1);
		new Thread(this.context::close).start();
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> requests().isDraining());

		HttpResponse<String> during = this.client.send(probe("/hello", "during"),
				HttpResponse.BodyHandlers.ofString());
		assertThat(during.headers().firstValue(HttpHeaders.CONNECTION)).hasValue("close");
		assertThat(beganBefore.get(10, TimeUnit.SECONDS).headers().firstValue(HttpHeaders.CONNECTION))
			.hasValue("close");
		HttpClientResponse h2 = reactor.netty.http.client.HttpClient.create()
			.protocol(HttpProtocol.H2C)
			.headers((headers) -> headers.set("X-Probe", "h2"))
			.get()
			.uri(TestWebApplication.baseUri(this.context).resolve("/hello"))
			.response()
			.block(Duration.ofSeconds(10));
		assertThat(h2.version().majorVersion()).isEqualTo(2);
		assertThat(h2.status().code()).isEqualTo(200);
		assertThat(h2.responseHeaders().contains(HttpHeaders.CONNECTION)).isFalse();
		// what the filter decided, before the server's HTTP/2 codec could drop a header
		assertThat(atCommit).containsEntry("before", "").containsEntry("during", "close").containsEntry("h2", "");
		try (Socket socket = new Socket("127.0.0.1", TestWebApplication.port(this.context))) {
			socket.setSoTimeout(5_000);
			send(socket, "/hello");
			InputStream in = socket.getInputStream();
			assertThat(readUntil(in, "hello")).containsIgnoringCase("connection: close");
			assertThat(in.read()).as("the server closes the connection after the response").isEqualTo(-1);
		}
		ShutdownReport report = this.listener.finished.get(30, TimeUnit.SECONDS);
		// arrived during the drain: the HTTP/1.1 and HTTP/2 requests and the raw one
		assertThat(report.stage("drain").counts()).containsEntry(StagePlan.Drain.REQUESTS_SERVED, 3L);
	}

	@Test
	void aRequestStillRunningWhenTheWebStageTimesOutIsReportedInFlightAndCutOff() throws Exception {
		start("orderly.shutdown.web.timeout=1s");
		CompletableFuture<HttpResponse<String>> slow = this.client.sendAsync(get("/slow?ms=8000"),
				HttpResponse.BodyHandlers.ofString());
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> requests().inFlight() == 1);
		new Thread(this.context::close).start();
		StageReport web = this.listener.finished.get(30, TimeUnit.SECONDS).stage("web");
		assertThat(web.outcome()).isEqualTo(ShutdownOutcome.TIMED_OUT);
		assertThat(web.counts()).containsEntry(StagePlan.Web.REQUESTS_IN_FLIGHT, 1L)
			.containsEntry(StagePlan.Web.REQUESTS_CUT_OFF, 1L);
		assertThat(web.detail()).startsWith("1 in flight when accepting stopped; 1 still active after");
		slow.cancel(true);
	}

	private void start(String... properties) {
		List<String> all = new ArrayList<>(List.of(ON_REACTOR_NETTY, "orderly.shutdown.drain.quiet-period=200ms"));
		all.addAll(List.of(properties));
		this.context = TestWebApplication.start(
				new SpringApplicationBuilder(StreamingApplication.class).web(WebApplicationType.REACTIVE),
				Map.of("shutdownListener", this.listener), all);
		assertThat(((WebServerApplicationContext) this.context).getWebServer()).isInstanceOf(NettyWebServer.class);
	}

	private InFlightRequests requests() {
		return this.context.getBean(InFlightRequests.class);
	}

	private void awaitNoneInFlight() {
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> requests().inFlight() == 0);
	}

	private HttpRequest get(String path) {
		return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).build();
	}

	private HttpRequest probe(String path, String name) {
		return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).header("X-Probe", name).build();
	}

	private URI uri(String path) {
		return TestWebApplication.baseUri(this.context).resolve(path);
	}

	private static void send(Socket socket, String path) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
		out.flush();
	}

	/** Reads until the text has arrived, and returns all that was read. */
	private static String readUntil(InputStream in, String text) throws IOException {
		StringBuilder read = new StringBuilder();
		try {
			while (!read.toString().contains(text)) {
				int next = in.read();
				if (next < 0) {
					break;
				}
				read.append((char) next);
			}
		}
		catch (SocketTimeoutException ex) {
			// fall through to the assertion, which shows what came
		}
		assertThat(read.toString()).contains(text);
		return read.toString();
	}

	/**
	 * Streams, errors, slow answers and a health indicator that notes how many application
	 * requests were in flight when it ran.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class StreamingApplication {

		final AtomicInteger seenByHealth = new AtomicInteger(-1);

		final Map<String, String> connectionAtCommit = new ConcurrentHashMap<>();

		@Bean
		RouterFunction<ServerResponse> routes(ObjectProvider<InFlightRequests> requests) {
			return RouterFunctions.route()
				.GET("/hello", (request) -> ServerResponse.ok().bodyValue("hello"))
				.GET("/count", (request) -> ServerResponse.ok()
					.bodyValue(String.valueOf(requests.getObject().inFlight())))
				.GET("/internal/count", (request) -> ServerResponse.ok()
					.bodyValue(String.valueOf(requests.getObject().inFlight())))
				.GET("/slow", (request) -> Mono.delay(Duration.ofMillis(Long.parseLong(request.queryParam("ms").orElseThrow())))
					.then(ServerResponse.ok().bodyValue("slow")))
				.GET("/stream", (request) -> ServerResponse.ok()
					.contentType(MediaType.TEXT_EVENT_STREAM)
					.body(ticks().take(10), String.class))
				.GET("/endless", (request) -> ServerResponse.ok()
					.contentType(MediaType.TEXT_EVENT_STREAM)
					.body(ticks(), String.class))
				.GET("/boom", (request) -> Mono.error(new IllegalStateException("boom")))
				.build();
		}

		private static Flux<String> ticks() {
			return Flux.range(0, Integer.MAX_VALUE).delayElements(Duration.ofMillis(100)).map((tick) -> "tick " + tick);
		}

		@Bean
		HealthIndicator recorder(ObjectProvider<InFlightRequests> requests) {
			return () -> {
				this.seenByHealth.set(requests.getObject().inFlight());
				return Health.up().build();
			};
		}

		/** Notes the Connection header at commit, after the in-flight filter's own action. */
		@Bean
		WebFilter connectionAtCommit() {
			return (exchange, chain) -> {
				String probe = exchange.getRequest().getHeaders().getFirst("X-Probe");
				if (probe != null) {
					exchange.getResponse().beforeCommit(() -> {
						String connection = exchange.getResponse().getHeaders().getFirst(HttpHeaders.CONNECTION);
						this.connectionAtCommit.put(probe, (connection != null) ? connection : "");
						return Mono.empty();
					});
				}
				return chain.filter(exchange);
			};
		}

	}

}

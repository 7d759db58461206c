package dev.orderly.shutdown.autoconfigure;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.orderly.shutdown.autoconfigure.OptionalDependenciesProcessTests.UserClassPath;
import dev.orderly.shutdown.internal.drain.DrainTestApplication;
import dev.orderly.shutdown.internal.drain.LongLivedStreamsApplication;
import dev.orderly.shutdown.testsupport.ChildJvm;
import dev.orderly.shutdown.testsupport.EventStream;
import dev.orderly.shutdown.testsupport.RecordingWebSocket;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each web stack's helpers for long-lived responses on a class path with that stack alone,
 * as a user's would be: a WebFlux application without Spring MVC streams server-sent events
 * and holds a WebSocket session through {@code dev.orderly.shutdown.web.reactive}; a Spring
 * MVC application without Reactor streams an {@code SseEmitter} through
 * {@code dev.orderly.shutdown.web.servlet}. SIGTERM ends them cleanly, and nothing fails to
 * load.
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class LongLivedResponsesProcessTests {

	private static final Pattern PORT = Pattern.compile("started on port (\\d+)");

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
		String authority = "127.0.0.1:" + Integer.parseInt(ready[0]);
		try (EventStream events = EventStream.open(URI.create("http://" + authority + "/ticks"))) {
			assertThat(events.nextData()).isEqualTo("data:tick 0");
			RecordingWebSocket webSocket = new RecordingWebSocket();
			HttpClient.newHttpClient()
				.newWebSocketBuilder()
				.buildAsync(URI.create("ws://" + authority + "/ws"), webSocket)
				.get(BOUND.toSeconds(), TimeUnit.SECONDS);
			await().atMost(BOUND).until(() -> webSocket.texts, (texts) -> texts.contains("hello"));

			this.app.sigterm();

			assertThat(events.readToEnd(BOUND)).as(this.app.log()).isNotNull();
			assertThat(webSocket.closed.get(BOUND.toSeconds(), TimeUnit.SECONDS)).as(this.app.log())
				.isEqualTo(1001);
		}
		assertThat(this.app.waitForExit(BOUND)).as(this.app.log()).isTrue();
		assertThat(this.app.exitValue()).as(this.app.log()).isEqualTo(143);
		assertThat(this.app.log()).doesNotContain("NoClassDefFoundError", "ClassNotFoundException");
	}

	@Test
	void sigtermEndsAnSseEmitterWithoutReactorOnTheClassPath() throws Exception {
		String classPath = withoutReactor(
				UserClassPath.SERVLET_APPLICATION.from(System.getProperty("java.class.path")));
		assertThat(classPath).doesNotContain("reactor-core", "spring-webflux");
		this.app = ChildJvm.start(classPath, DrainTestApplication.class,
				List.of("--server.port=0", "--orderly.shutdown.drain.quiet-period=100ms"));
		Matcher port = PORT.matcher(this.app.awaitLine((line) -> PORT.matcher(line).find(), BOUND));
		assertThat(port.find()).isTrue();
		try (EventStream events = EventStream.open(URI.create("http://127.0.0.1:" + port.group(1) + "/events"))) {
			assertThat(events.nextData()).isEqualTo("data:connected");

			this.app.sigterm();

			assertThat(events.readToEnd(BOUND)).as(this.app.log()).isNotNull();
		}
		assertThat(this.app.waitForExit(BOUND)).as(this.app.log()).isTrue();
		assertThat(this.app.exitValue()).as(this.app.log()).isEqualTo(143);
		assertThat(this.app.log()).contains("1 long-lived ended")
			.doesNotContain("NoClassDefFoundError", "ClassNotFoundException");
	}

	private static String withoutReactor(String classPath) {
		return Arrays.stream(classPath.split(File.pathSeparator))
			.filter((entry) -> !Path.of(entry).getFileName().toString().startsWith("reactor-"))
			.collect(Collectors.joining(File.pathSeparator));
	}

}

package dev.orderly.shutdown.internal.drain;

import java.time.Duration;
import java.util.Map;

import dev.orderly.shutdown.web.LongLivedResponses;
import dev.orderly.shutdown.web.reactive.LongLivedWebSocketSessions;
import dev.orderly.shutdown.web.reactive.ReactiveLongLivedResponses;
import reactor.core.publisher.Flux;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;

/**
 * A WebFlux application with long-lived responses registered with the drain: an SSE stream of
 * ticks ({@code GET /ticks}, endless, or {@code ?count=n} ticks) and a WebSocket
 * ({@code /ws}) that greets and then stays open until the client or the drain closes it.
 * Run in the tests' JVM and, by {@code LongLivedResponsesProcessTests}, as a child
 * JVM without Spring MVC, where it prints {@link #READY} and the port once started.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class LongLivedStreamsApplication {

	/** What the application prints, followed by its port, once it serves. */
	public static final String READY = "LONG-LIVED-STREAMS-APP READY";

	public static void main(String[] args) {
		var context = SpringApplication.run(LongLivedStreamsApplication.class, args);
		System.out.println(READY + " " + context.getEnvironment().getProperty("local.server.port") + " webmvc="
				+ org.springframework.util.ClassUtils.isPresent("org.springframework.web.servlet.DispatcherServlet",
						null));
		System.out.flush();
	}

	@Bean
	HandlerMapping greetingWebSocket(LongLivedResponses longLivedResponses) {
		WebSocketHandler greeting = (session) -> {
			LongLivedWebSocketSessions.closeAtDrain(longLivedResponses, session);
			// greets, then stays open: the client reads until the session is closed
			return session.send(Flux.just(session.textMessage("hello"))).then(session.receive().then());
		};
		return new SimpleUrlHandlerMapping(Map.of("/ws", greeting), -1);
	}

	/** Reactor Netty's upgrade: Spring would pick Tomcat's, which is on the test class path too. */
	@Bean
	WebFluxConfigurer reactorNettyWebSockets() {
		return new WebFluxConfigurer() {

			@Override
			public WebSocketService getWebSocketService() {
				return new HandshakeWebSocketService(new ReactorNettyRequestUpgradeStrategy());
			}

		};
	}

	/** Registered as a member class of the application's configuration. */
	@RestController
	static class Ticks {

		private final LongLivedResponses longLivedResponses;

		Ticks(LongLivedResponses longLivedResponses) {
			this.longLivedResponses = longLivedResponses;
		}

		@GetMapping(path = "/ticks", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
		Flux<ServerSentEvent<String>> ticks(@RequestParam(defaultValue = "" + Long.MAX_VALUE) long count) {
			return Flux.interval(Duration.ZERO, Duration.ofMillis(100))
				.onBackpressureDrop() // a slow client misses ticks
				.take(count)
				.map((tick) -> ServerSentEvent.builder("tick " + tick).build())
				.transform(ReactiveLongLivedResponses.endAtDrain(this.longLivedResponses));
		}

	}

}

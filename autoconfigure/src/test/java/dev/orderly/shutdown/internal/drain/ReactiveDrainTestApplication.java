package dev.orderly.shutdown.internal.drain;

import java.time.Duration;

import dev.orderly.shutdown.web.LongLivedResponses;
import dev.orderly.shutdown.web.reactive.ReactiveLongLivedResponses;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The WebFlux twin of {@link DrainTestApplication}: fast, slow, streaming, failing and
 * long-lived endpoints, none of which blocks a thread. Run on a real embedded server by
 * the reactive drain tests and, as a child process, by the SIGTERM load test.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ReactiveDrainTestApplication.Endpoints.class)
public class ReactiveDrainTestApplication {

	public static void main(String[] args) {
		// Spring MVC is on the test class path too
		new SpringApplicationBuilder(ReactiveDrainTestApplication.class).web(WebApplicationType.REACTIVE).run(args);
	}

	@RestController
	static class Endpoints {

		/** Absent when the starter is disabled, to compare with plain Spring Boot. */
		private final ObjectProvider<LongLivedResponses> longLivedResponses;

		Endpoints(ObjectProvider<LongLivedResponses> longLivedResponses) {
			this.longLivedResponses = longLivedResponses;
		}

		@GetMapping("/hello")
		Mono<String> hello() {
			return Mono.just("hello");
		}

		/** A custom probe of a load balancer, configured as an ignored path. */
		@GetMapping("/ping")
		Mono<String> ping() {
			return Mono.just("pong");
		}

		@GetMapping("/slow")
		Mono<String> slow(@RequestParam long ms) {
			return Mono.delay(Duration.ofMillis(ms)).thenReturn("slow " + ms);
		}

		@GetMapping(path = "/streaming", produces = MediaType.TEXT_PLAIN_VALUE)
		Flux<String> streaming(@RequestParam long ms) {
			return Flux.interval(Duration.ZERO, Duration.ofMillis(ms / 5)).take(5).map((i) -> "chunk " + i + "\n");
		}

		@GetMapping("/failing")
		Mono<String> failing(@RequestParam(defaultValue = "0") long ms) {
			return Mono.delay(Duration.ofMillis(ms)).then(Mono.error(new IllegalStateException("failed on purpose")));
		}

		/** Runs until the drain ends it, with a comment every second to keep it busy. */
		@GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
		Flux<ServerSentEvent<String>> events() {
			Flux<ServerSentEvent<String>> heartbeats = Flux.interval(Duration.ofSeconds(1))
				.map((i) -> ServerSentEvent.<String>builder().comment("heartbeat").build());
			Flux<ServerSentEvent<String>> events = Flux.just(ServerSentEvent.builder("connected").build())
				.concatWith(heartbeats);
			LongLivedResponses responses = this.longLivedResponses.getIfAvailable();
			return (responses != null) ? events.transform(ReactiveLongLivedResponses.endAtDrain(responses)) : events;
		}

	}

}

package dev.orderly.shutdown.internal.drain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.orderly.shutdown.web.LongLivedResponses;
import dev.orderly.shutdown.web.servlet.ServletLongLivedResponses;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * A small web application with fast, slow, async and long-lived endpoints, run on a real
 * embedded server by the drain tests and, as a child process, by the SIGTERM load test.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(DrainTestApplication.Endpoints.class)
public class DrainTestApplication {

	public static void main(String[] args) {
		org.springframework.boot.SpringApplication.run(DrainTestApplication.class, args);
	}

	@RestController
	static class Endpoints {

		/** Absent when the starter is disabled, to compare with plain Spring Boot. */
		private final ObjectProvider<LongLivedResponses> longLivedResponses;

		Endpoints(ObjectProvider<LongLivedResponses> longLivedResponses) {
			this.longLivedResponses = longLivedResponses;
		}

		@GetMapping("/hello")
		String hello() {
			return "hello";
		}

		/** A custom probe of a load balancer, configured as an ignored path. */
		@GetMapping("/ping")
		String ping() {
			return "pong";
		}

		@GetMapping("/slow")
		String slow(@RequestParam long ms) throws InterruptedException {
			Thread.sleep(ms);
			return "slow " + ms;
		}

		@GetMapping("/deferred")
		DeferredResult<String> deferred(@RequestParam long ms) {
			DeferredResult<String> result = new DeferredResult<>(30_000L);
			// completed from a thread of its own, as an application's callback would be, not from
			// the common pool, which may have one worker busy with the test's own blocking work
			CompletableFuture.delayedExecutor(ms, TimeUnit.MILLISECONDS, (task) -> new Thread(task).start())
				.execute(() -> result.setResult("deferred " + ms));
			return result;
		}

		@GetMapping("/callable")
		Callable<String> callable(@RequestParam long ms) {
			return () -> {
				Thread.sleep(ms);
				return "callable " + ms;
			};
		}

		@GetMapping("/streaming")
		StreamingResponseBody streaming(@RequestParam long ms) {
			return (out) -> {
				for (int i = 0; i < 5; i++) {
					out.write(("chunk " + i + "\n").getBytes(StandardCharsets.UTF_8));
					out.flush();
					sleep(ms / 5);
				}
			};
		}

		@GetMapping("/events")
		SseEmitter events(HttpServletResponse response) throws IOException {
			SseEmitter emitter = new SseEmitter(0L);
			this.longLivedResponses.ifAvailable((responses) -> ServletLongLivedResponses.endAtDrain(responses, emitter));
			emitter.send("connected");
			return emitter;
		}

		private static void sleep(long ms) {
			try {
				Thread.sleep(ms);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}

package dev.orderly.shutdown.benchmarks;

import java.time.Duration;

import reactor.core.publisher.Mono;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The WebFlux twin of {@link HelloApplication}: a trivial endpoint ({@code GET /hello}) and a
 * slow one ({@code GET /slow?ms=300}) with the same responses, auto-configuration only. Runs on
 * the reactive server the classpath brings (Reactor Netty with the {@code webflux} profile,
 * Tomcat or Jetty with {@code webflux-tomcat} or {@code webflux-jetty}). Prints the ready line
 * of {@link BenchmarkApplication#printReady} once started.
 * <p>
 * Compiled only with the {@code webflux} profile (source folder {@code src/webflux/java}).
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(HelloReactiveApplication.Endpoints.class)
public class HelloReactiveApplication {

	public static void main(String[] args) {
		ConfigurableApplicationContext context = SpringApplication.run(HelloReactiveApplication.class, args);
		BenchmarkApplication.printReady(context);
	}

	@RestController
	static class Endpoints {

		@GetMapping("/hello")
		Mono<String> hello() {
			return Mono.just("hello");
		}

		/** Waits without blocking a thread: on Reactor Netty that would be an event loop. */
		@GetMapping("/slow")
		Mono<String> slow(@RequestParam long ms) {
			return Mono.delay(Duration.ofMillis(ms)).thenReturn("slow " + ms);
		}

	}

}

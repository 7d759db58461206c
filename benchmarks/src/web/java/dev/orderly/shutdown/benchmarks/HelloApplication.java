package dev.orderly.shutdown.benchmarks;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A minimal webmvc application with a trivial endpoint ({@code GET /hello}) and a slow one
 * ({@code GET /slow?ms=300}), for the request-path and drain benchmarks. Auto-configuration
 * only, no configuration of its own: with the starter on the classpath it gets the starter's
 * defaults. Prints the ready line of {@link BenchmarkApplication#printReady} once started.
 * <p>
 * Compiled only with the {@code web} profile (source folder {@code src/web/java}).
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(HelloApplication.Endpoints.class)
public class HelloApplication {

	public static void main(String[] args) {
		ConfigurableApplicationContext context = SpringApplication.run(HelloApplication.class, args);
		BenchmarkApplication.printReady(context);
	}

	@RestController
	static class Endpoints {

		@GetMapping("/hello")
		String hello() {
			return "hello";
		}

		@GetMapping("/slow")
		String slow(@RequestParam long ms) throws InterruptedException {
			Thread.sleep(ms);
			return "slow " + ms;
		}

	}

}

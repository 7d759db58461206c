package dev.orderly.shutdown.testsupport;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * A WebFlux application with the starter that answers {@code GET /hello} with
 * {@code hello}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class HelloReactiveApplication {

	@Bean
	RouterFunction<ServerResponse> hello() {
		return RouterFunctions.route().GET("/hello", (request) -> ServerResponse.ok().bodyValue("hello")).build();
	}

}

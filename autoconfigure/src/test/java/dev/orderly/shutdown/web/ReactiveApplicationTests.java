package dev.orderly.shutdown.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.testsupport.RecordingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebFlux application with the starter: it serves, shuts down through the application
 * stages, and says once that the servlet drain is not active.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReactiveApplicationTests {

	@Test
	void reactiveApplicationStartsServesAndShutsDownThroughTheStages(CapturedOutput output) throws Exception {
		RecordingListener listener = new RecordingListener();
		ConfigurableApplicationContext context = new SpringApplicationBuilder(ReactiveApplication.class)
			.web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "spring.main.banner-mode=off")
			.initializers((initialized) -> initialized.getBeanFactory().registerSingleton("recorder", listener))
			.run();
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.body()).isEqualTo("hello");
		assertThat(context.getBeanProvider(InFlightRequests.class).getIfAvailable()).isNull();
		context.close();
		ShutdownReport report = listener.finished.get(10, TimeUnit.SECONDS);
		assertThat(report.stages()).extracting(StageReport::name)
			.containsExactly("web", "consumers", "flush", "release");
		assertThat(report.stage("web").detail()).isEqualTo("graceful shutdown ended");
		assertThat(output).containsOnlyOnce("the traffic drain and in-flight tracking support servlet web "
				+ "applications; in this reactive application they are not active");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ReactiveApplication {

		@Bean
		RouterFunction<ServerResponse> hello() {
			return RouterFunctions.route().GET("/hello", (request) -> ServerResponse.ok().bodyValue("hello")).build();
		}

	}

}

package dev.orderly.shutdown.internal.drain;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.testsupport.HelloReactiveApplication;
import dev.orderly.shutdown.testsupport.RecordingListener;
import dev.orderly.shutdown.testsupport.TestWebApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

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
		ConfigurableApplicationContext context = TestWebApplication.start(
				new SpringApplicationBuilder(HelloReactiveApplication.class).web(WebApplicationType.REACTIVE),
				Map.of("recorder", listener), List.of());
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(TestWebApplication.baseUri(context).resolve("/hello")).build(),
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

}

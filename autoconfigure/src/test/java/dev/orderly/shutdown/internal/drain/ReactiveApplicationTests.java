package dev.orderly.shutdown.internal.drain;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.testsupport.HelloReactiveApplication;
import dev.orderly.shutdown.testsupport.RecordingListener;
import dev.orderly.shutdown.testsupport.TestWebApplication;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebFlux application with the starter: it serves, and shuts down through the drain, the
 * web stage and the application stages, as a servlet application does.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReactiveApplicationTests {

	@Test
	void reactiveApplicationServesAndShutsDownThroughTheDrainAndTheStages(CapturedOutput output) throws Exception {
		RecordingListener listener = new RecordingListener();
		ConfigurableApplicationContext context = TestWebApplication.start(
				new SpringApplicationBuilder(HelloReactiveApplication.class).web(WebApplicationType.REACTIVE),
				Map.of("recorder", listener), List.of());
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(TestWebApplication.baseUri(context).resolve("/hello")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.body()).isEqualTo("hello");
		InFlightRequests requests = context.getBean(InFlightRequests.class);
		// the response has reached the client just before its end reaches the server's filter
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> requests.inFlight() == 0);
		new Thread(context::close).start();
		ShutdownReport report = listener.finished.get(20, TimeUnit.SECONDS);
		// among the stages, the lifecycle phases Spring stops: the web server, then Reactor's resources
		assertThat(report.stages()).extracting(StageReport::name)
			.containsExactly("drain", "web", "phase " + WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE,
					"consumers", "flush", "release", "phase 0");
		assertThat(report.stage("phase 0").detail()).isEqualTo("reactorResourceFactory");
		assertThat(report.stage("web").detail()).isEqualTo("0 in flight when accepting stopped; all answered");
		assertThat(output).doesNotContain("not active");
	}

}

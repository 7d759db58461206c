package dev.orderly.shutdown.actuate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import dev.orderly.shutdown.ShutdownTrigger;
import dev.orderly.shutdown.internal.engine.ShutdownEngine;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.testsupport.HelloReactiveApplication;
import dev.orderly.shutdown.testsupport.RecordingListener;
import dev.orderly.shutdown.testsupport.TestWebApplication;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The staged {@code POST /actuator/shutdown} of a WebFlux application, over real HTTP on a
 * real embedded server: the same calls and answers as on Spring MVC.
 */
class ReactiveShutdownEndpointTests {

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final RecordingListener listener = new RecordingListener();

	@AutoClose
	private ConfigurableApplicationContext context;

	private URI base;

	@Test
	void aPlainCurlPostWithNoBodyShutsDownInStages() throws Exception {
		start();
		HttpResponse<String> response = curlPost(this.base.resolve("/actuator/shutdown"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<String>read(response.body(), "$.message")).isEqualTo("Shutting down, bye...");
		assertThat(JsonPath.<Boolean>read(response.body(), "$.started")).isTrue();
		assertThat(JsonPath.<String>read(response.body(), "$.trigger")).isEqualTo("endpoint");
		ShutdownReport report = this.listener.finished.get(10, TimeUnit.SECONDS);
		assertThat(report.trigger()).isEqualTo(ShutdownTrigger.ENDPOINT);
		assertThat(report.reason()).isNull();
	}

	@Test
	void theReasonMayBeGivenInTheQuery() throws Exception {
		start();
		HttpResponse<String> response = curlPost(this.base.resolve("/actuator/shutdown?reason=deploy%2042"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<String>read(response.body(), "$.reason")).isEqualTo("deploy 42");
		assertThat(this.listener.finished.get(10, TimeUnit.SECONDS).reason()).isEqualTo("deploy 42");
	}

	@Test
	void theReasonMayBeGivenInAJsonBody() throws Exception {
		start();
		HttpResponse<String> response = post("{\"reason\":\"deploy 43\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<String>read(response.body(), "$.reason")).isEqualTo("deploy 43");
		assertThat(this.listener.finished.get(10, TimeUnit.SECONDS).reason()).isEqualTo("deploy 43");
	}

	@Test
	void aBadReasonGetsA400ThatSaysWhyAndNothingShutsDown() throws Exception {
		start();
		HttpResponse<String> tooLong = post("{\"reason\":\"" + "x".repeat(201) + "\"}");
		HttpResponse<String> twoReasons = curlPost(this.base.resolve("/actuator/shutdown?reason=a&reason=b"));
		assertThat(tooLong.statusCode()).isEqualTo(400);
		assertThat(JsonPath.<String>read(tooLong.body(), "$.message"))
			.isEqualTo("Invalid reason: use at most 200 characters and no control characters");
		assertThat(twoReasons.statusCode()).isEqualTo(400);
		assertThat(JsonPath.<String>read(twoReasons.body(), "$.message"))
			.isEqualTo("Invalid reason: give one reason, as text");
		assertThat(this.context.getBean(ShutdownEngine.class).currentRun()).isEmpty();
		assertThat(this.context.isActive()).isTrue();
	}

	private void start() {
		this.context = TestWebApplication.start(
				new SpringApplicationBuilder(HelloReactiveApplication.class).web(WebApplicationType.REACTIVE),
				Map.of("recordingListener", this.listener),
				List.of("server.address=127.0.0.1", "management.endpoints.web.exposure.include=shutdown",
						"management.endpoint.shutdown.access=unrestricted"));
		this.base = TestWebApplication.baseUri(this.context);
	}

	/** What {@code curl -X POST <uri>} sends: no body, no content type, any answer accepted. */
	private HttpResponse<String> curlPost(URI uri) throws Exception {
		return this.client.send(
				HttpRequest.newBuilder(uri).header("Accept", "*/*").POST(HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String json) throws Exception {
		return this.client.send(HttpRequest.newBuilder(this.base.resolve("/actuator/shutdown"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}

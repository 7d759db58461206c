package dev.orderly.shutdown.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tests' HTTP client: the JDK's, over HTTP/1.1 to 127.0.0.1, with the sample's HTTP Basic
 * users.
 */
final class SampleHttp {

	static final Credentials OPS = new Credentials("ops", SampleProperties.Users.DEFAULT_OPS_PASSWORD);

	static final Credentials VIEWER = new Credentials("viewer", SampleProperties.Users.DEFAULT_VIEWER_PASSWORD);

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final int port;

	private final int managementPort;

	SampleHttp(int port, int managementPort) {
		this.port = port;
		this.managementPort = managementPort;
	}

	/**
	 * A request to the application port.
	 * @param path the path
	 * @return the request
	 */
	HttpRequest.Builder app(String path) {
		return request(this.port, path);
	}

	/**
	 * A request to the management (actuator) port.
	 * @param path the path
	 * @param credentials who sends it, or {@code null} for nobody
	 * @return the request
	 */
	HttpRequest.Builder management(String path, @Nullable Credentials credentials) {
		HttpRequest.Builder request = request(this.managementPort, path);
		if (credentials != null) {
			request.header("Authorization", credentials.basic());
		}
		return request;
	}

	static HttpRequest.Builder postJson(HttpRequest.Builder request, String body) {
		return request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
	}

	HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.client.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
	}

	CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest.Builder request) {
		return this.client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	static JsonNode json(HttpResponse<String> response) {
		return json.readTree(response.body());
	}

	private static HttpRequest.Builder request(int port, String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
	}

	/**
	 * A user of the actuator.
	 *
	 * @param username the user name
	 * @param password the password
	 */
	record Credentials(String username, String password) {

		String basic() {
			return "Basic " + Base64.getEncoder()
				.encodeToString((this.username + ":" + this.password).getBytes(StandardCharsets.UTF_8));
		}

	}

}

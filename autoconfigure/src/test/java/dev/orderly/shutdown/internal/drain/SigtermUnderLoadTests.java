package dev.orderly.shutdown.internal.drain;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.orderly.shutdown.testsupport.ChildJvm;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The rolling-restart case: {@link DrainTestApplication} as a child JVM under continuous
 * concurrent keep-alive load plus slow requests, behind a simulated load balancer that
 * health-checks readiness and keeps routing for a while after it goes down. A real SIGTERM
 * must cost no request: every request sent gets a complete, successful response.
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class SigtermUnderLoadTests {

	private static final Pattern PORT = Pattern.compile("started on port (\\d+)");

	private static final Duration BUDGET = Duration.ofSeconds(30);

	/** How long the simulated balancer keeps routing after it sees readiness down. */
	private static final Duration BALANCER_DELAY = Duration.ofMillis(700);

	private static final int CLIENTS = 8;

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "Tomcat, org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration",
			"Jetty, org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration" })
	void rollingRestartLosesNoRequest(String server, String otherServer) throws Exception {
		try (ChildJvm app = ChildJvm.start(DrainTestApplication.class,
				List.of("--server.port=0", "--spring.autoconfigure.exclude=" + otherServer,
						"--management.endpoint.health.probes.enabled=true",
						"--management.endpoints.web.exposure.include=health"))) {
			Matcher port = PORT.matcher(app.awaitLine((line) -> line.contains(server + " started on port"),
					Duration.ofSeconds(60)));
			assertThat(port.find()).isTrue();
			URI base = URI.create("http://127.0.0.1:" + port.group(1));
			AtomicBoolean routed = new AtomicBoolean(true);
			List<String> failures = new CopyOnWriteArrayList<>();
			List<Integer> served = new CopyOnWriteArrayList<>();
			ExecutorService threads = Executors.newFixedThreadPool(CLIENTS + 1);
			threads.submit(() -> balancer(base, routed));
			List<CompletableFuture<Void>> clients = new ArrayList<>();
			for (int i = 0; i < CLIENTS; i++) {
				clients.add(CompletableFuture.runAsync(() -> client(base, routed, served, failures), threads));
			}
			await().atMost(Duration.ofSeconds(20)).until(() -> served.size() >= 200);
			HttpClient slowClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
			List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				slow.add(slowClient.sendAsync(HttpRequest.newBuilder(base.resolve("/slow?ms=3000")).build(),
						HttpResponse.BodyHandlers.ofString()));
			}
			Thread.sleep(200);
			int beforeSigterm = served.size();
			long sent = System.nanoTime();
			app.sigterm();
			boolean exited = app.waitForExit(BUDGET.plusSeconds(10));
			Duration exitTime = Duration.ofNanos(System.nanoTime() - sent);
			CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
			threads.shutdownNow();
			System.out.printf("%s: %d requests answered (%d after SIGTERM), %d failed; SIGTERM to exit %d ms%n",
					server, served.size(), served.size() - beforeSigterm, failures.size(), exitTime.toMillis());
			assertThat(exited).as(app.log()).isTrue();
			assertThat(failures).as("failed requests; app output:%n%s", app.log()).isEmpty();
			assertThat(served).containsOnly(200);
			assertThat(served.size() - beforeSigterm).as("requests answered while draining").isPositive();
			for (CompletableFuture<HttpResponse<String>> response : slow) {
				assertThat(response.get(1, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
				assertThat(response.get().body()).isEqualTo("slow 3000");
			}
			assertThat(exitTime).isLessThan(BUDGET);
			assertThat(app.log()).contains("Orderly shutdown finished: completed")
				.containsPattern("drain +completed .*traffic stopped")
				.containsPattern("web +completed .*4 in flight when accepting stopped; all answered");
		}
	}

	/** Health-checks readiness like a load balancer, and stops routing a while after it fails. */
	private static void balancer(URI base, AtomicBoolean routed) {
		HttpClient checks = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		while (routed.get()) {
			int status;
			try {
				status = checks.send(HttpRequest.newBuilder(base.resolve("/actuator/health/readiness")).build(),
						HttpResponse.BodyHandlers.discarding())
					.statusCode();
			}
			catch (Exception ex) {
				status = -1;
			}
			if (status != 200) {
				sleep(BALANCER_DELAY.toMillis());
				routed.set(false);
				return;
			}
			sleep(100);
		}
	}

	/** Sends requests on a keep-alive connection for as long as the balancer routes here. */
	private static void client(URI base, AtomicBoolean routed, List<Integer> served, List<String> failures) {
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		int count = 0;
		while (routed.get()) {
			String path = (++count % 10 == 0) ? "/slow?ms=200" : "/hello";
			try {
				HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve(path)).build(),
						HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() != 200 || response.body().isEmpty()) {
					failures.add(path + " -> " + response.statusCode());
				}
				served.add(response.statusCode());
			}
			catch (Exception ex) {
				failures.add(path + " -> " + ex);
			}
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

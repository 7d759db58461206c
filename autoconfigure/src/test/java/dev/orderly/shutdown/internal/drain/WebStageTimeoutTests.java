package dev.orderly.shutdown.internal.drain;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.testsupport.RecordingListener;
import dev.orderly.shutdown.testsupport.TestWebApplication;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How long the web stage waits for in-flight requests, on a real Tomcat driven by the JDK
 * {@link HttpClient}: what is left of the run's deadline, and the user's own
 * {@code spring.lifecycle.timeout-per-shutdown-phase} when they set it; none with
 * {@code server.shutdown=immediate}.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebStageTimeoutTests {

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final RecordingListener listener = new RecordingListener();

	@AutoClose
	private ConfigurableApplicationContext context;

	private int port;

	@Test
	void aSlowStartOfTheShutdownShortensTheWebStageToTheRunDeadlineAndTheReportSaysSo() throws Exception {
		// 1 s drain + 5 s web + 3 x 1 s stages in a 10 s budget; a close listener spends 4 s first
		start(List.of(SlowCloseListener.class), "orderly.shutdown.budget=10s", "orderly.shutdown.drain.max-delay=1s",
				"orderly.shutdown.drain.quiet-period=500ms", "orderly.shutdown.web.timeout=5s",
				"orderly.shutdown.stages.consumers.timeout=1s", "orderly.shutdown.stages.flush.timeout=1s",
				"orderly.shutdown.stages.release.timeout=1s");
		InFlightRequests requests = this.context.getBean(InFlightRequests.class);
		CompletableFuture<HttpResponse<String>> tooSlow = getAsync("/slow?ms=20000");
		await().atMost(Duration.ofSeconds(2)).until(requests::inFlight, (count) -> count == 1);
		closeInBackground().get(20, TimeUnit.SECONDS);
		ShutdownReport report = report();
		StageReport web = report.stage("web");
		// what was left of the run after the 3 s reserved for the later stages: about 2.5 s, not 5 s
		assertThat(web.outcome()).isEqualTo(ShutdownOutcome.TIMED_OUT);
		assertThat(web.duration()).isBetween(Duration.ofMillis(1000), Duration.ofMillis(3500));
		assertThat(web.detail())
			.matches("1 in flight when accepting stopped; 1 still active after \\d\\.\\d\\d s \\(run deadline\\), cut off");
		// the later stages keep their time
		assertThat(report.stages()).extracting(StageReport::name, StageReport::outcome)
			.endsWith(org.assertj.core.groups.Tuple.tuple("consumers", ShutdownOutcome.COMPLETED),
					org.assertj.core.groups.Tuple.tuple("flush", ShutdownOutcome.COMPLETED),
					org.assertj.core.groups.Tuple.tuple("release", ShutdownOutcome.COMPLETED));
		assertThat(report.duration()).isLessThan(Duration.ofSeconds(10));
		tooSlow.cancel(true);
	}

	@Test
	void theUsersGracefulShutdownTimeoutIsTheWebStageTimeoutAndAnEightSecondRequestCompletes(CapturedOutput output)
			throws Exception {
		// the budget must hold it: 5 s drain + 60 s web + 3 x 5 s stages
		start(List.of(), "spring.lifecycle.timeout-per-shutdown-phase=60s", "orderly.shutdown.budget=80s");
		InFlightRequests requests = this.context.getBean(InFlightRequests.class);
		CompletableFuture<HttpResponse<String>> eightSeconds = getAsync("/slow?ms=8000");
		await().atMost(Duration.ofSeconds(2)).until(requests::inFlight, (count) -> count == 1);
		closeInBackground().get(30, TimeUnit.SECONDS);
		HttpResponse<String> response = eightSeconds.get(5, TimeUnit.SECONDS);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("slow 8000");
		StageReport web = report().stage("web");
		assertThat(web.outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
		assertThat(web.timeout()).isEqualTo(Duration.ofSeconds(60));
		// the startup plan says where the web stage's timeout comes from
		assertThat(output.getOut().lines().filter((line) -> line.contains("web server graceful shutdown")))
			.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.contains("60 s", "timeout from spring.lifecycle.timeout-per-shutdown-phase");
	}

	@Test
	void withAnImmediateServerShutdownTheWebStageWaitsForNothingAndTheReportSaysTheRequestWasCutOff(
			CapturedOutput output) throws Exception {
		start(List.of(), "server.shutdown=immediate", "orderly.shutdown.drain.max-delay=1s",
				"orderly.shutdown.drain.quiet-period=500ms");
		InFlightRequests requests = this.context.getBean(InFlightRequests.class);
		CompletableFuture<HttpResponse<String>> slow = getAsync("/slow?ms=20000");
		await().atMost(Duration.ofSeconds(2)).until(requests::inFlight, (count) -> count == 1);
		closeInBackground().get(20, TimeUnit.SECONDS);
		StageReport web = report().stage("web");
		// before: "timed_out ... 1 still active after 10 s, cut off", for a stage that waited for nothing
		assertThat(web.outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
		assertThat(web.timeout()).isZero();
		assertThat(web.duration()).isLessThan(Duration.ofSeconds(1));
		assertThat(web.detail()).isEqualTo("server.shutdown=immediate; 1 in flight cut off");
		// the startup plan says so, and does not count a graceful shutdown's time
		assertThat(output.getOut().lines().filter((line) -> line.contains("in-flight requests are cut off")))
			.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.matches("\\s+web\\s+0 ms\\s+server.shutdown=immediate: in-flight requests are cut off; "
					+ "with lifecycle webServerGracefulShutdown");
		// and so does the report logged after SIGTERM
		assertThat(output.getOut().lines().filter((line) -> line.contains("in flight cut off")))
			.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.contains("completed", "server.shutdown=immediate; 1 in flight cut off");
		assertThat(output).doesNotContain("web server graceful shutdown");
		slow.cancel(true);
	}

	private void start(List<Class<?>> extraSources, String... properties) {
		List<String> all = new ArrayList<>(List.of(TestWebApplication.ON_TOMCAT));
		all.addAll(List.of(properties));
		List<Class<?>> sources = new ArrayList<>(List.of(DrainTestApplication.class));
		sources.addAll(extraSources);
		this.context = TestWebApplication.start(new SpringApplicationBuilder(sources.toArray(Class<?>[]::new)),
				Map.of("recordingListener", this.listener), all);
		this.port = TestWebApplication.port(this.context);
	}

	private CompletableFuture<Duration> closeInBackground() {
		return TestWebApplication.closeInBackground(this.context);
	}

	private ShutdownReport report() throws Exception {
		return this.listener.finished.get(10, TimeUnit.SECONDS);
	}

	private CompletableFuture<HttpResponse<String>> getAsync(String path) {
		return this.client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Spends 4 s of the run after the drain, before the web server stops accepting. */
	@Configuration(proxyBeanMethods = false)
	static class SlowCloseListener {

		@Bean
		ApplicationListener<ContextClosedEvent> slowCloseListener() {
			return (event) -> {
				try {
					Thread.sleep(4000);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			};
		}

	}

}

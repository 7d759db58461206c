package dev.orderly.shutdown.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.orderly.shutdown.ShutdownConfigurationException;
import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.internal.actuate.metrics.ShutdownRequestMetrics;
import dev.orderly.shutdown.internal.actuate.observation.ShutdownObservations;
import dev.orderly.shutdown.internal.drain.DrainTestApplication;
import dev.orderly.shutdown.internal.drain.GracefulShutdownStage;
import dev.orderly.shutdown.internal.drain.IgnoredPaths;
import dev.orderly.shutdown.internal.drain.InFlightRequests;
import dev.orderly.shutdown.internal.drain.TrafficDrain;
import dev.orderly.shutdown.internal.engine.ContextClosedTrigger;
import dev.orderly.shutdown.internal.engine.ShutdownEngine;
import dev.orderly.shutdown.internal.engine.ShutdownPhaseHook;
import dev.orderly.shutdown.internal.report.ShutdownReportLogger;
import dev.orderly.shutdown.internal.report.file.ShutdownReportFile;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.testsupport.RecordingListener;
import dev.orderly.shutdown.testsupport.TestWebApplication;
import dev.orderly.shutdown.web.LongLivedResponses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.util.StringUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * With {@code spring.main.lazy-initialization=true} the application's beans wait for their
 * first use, but the starter's own beans exist from startup: the report file is checked and
 * pruned, the plan logged and the drain's bookkeeping in place before the first request,
 * not when the shutdown begins.
 */
@ExtendWith(OutputCaptureExtension.class)
class LazyInitializationTests {

	private static final String LAZY = "spring.main.lazy-initialization=true";

	/** The starter's beans that must exist from startup rather than be created by the shutdown. */
	private static final List<Class<?>> STARTER_BEAN_TYPES = List.of(ShutdownEngine.class, ContextClosedTrigger.class,
			ShutdownPhaseHook.class, ShutdownReportLogger.class, ShutdownReportFile.class, ShutdownObservations.class,
			ShutdownRequestMetrics.class, InFlightRequests.class, LongLivedResponses.class, TrafficDrain.class,
			GracefulShutdownStage.class, IgnoredPaths.class);

	@TempDir
	Path directory;

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final RecordingListener listener = new RecordingListener();

	private ConfigurableApplicationContext context;

	@AfterEach
	void closeContext() {
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void theStartersBeansExistFromStartupWhileTheApplicationsOwnStayLazy() {
		this.context = startWebApplication("orderly.shutdown.report.file=" + this.directory.resolve("shutdown.jsonl"));
		ConfigurableListableBeanFactory beanFactory = this.context.getBeanFactory();
		assertThat(STARTER_BEAN_TYPES).allSatisfy((type) -> assertThat(beanFactory.getBeanNamesForType(type, false, false))
			.as("beans of type %s", type.getSimpleName())
			.isNotEmpty()
			.allSatisfy((name) -> assertThat(beanFactory.containsSingleton(name)).as("bean '%s' created at startup", name)
				.isTrue()));
		assertThat(Inventory.created).as("the application's lazy bean created").isFalse();
	}

	@Test
	void unwritableReportFileFailsStartupNamingTheProperty() throws Exception {
		Path notADirectory = Files.writeString(this.directory.resolve("plain-file"), "x");
		Path file = notADirectory.resolve("shutdown.jsonl");
		SpringApplication application = new SpringApplication(LazyApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatExceptionOfType(ShutdownConfigurationException.class)
			.isThrownBy(() -> this.context = application.run("--spring.main.banner-mode=off", "--" + LAZY,
					"--orderly.shutdown.report.file=" + file))
			.withMessageContaining("orderly.shutdown.report.file: is " + file + ", which cannot be read and written");
	}

	@Test
	void aBadIgnoredPathFailsStartupInsteadOfEveryRequest() {
		Throwable failure = catchThrowable(
				() -> this.context = startWebApplication("orderly.shutdown.drain.ignored-paths=/ping,ping"));
		// the failure of a started application is what its clients saw
		assertThat(failure).as(() -> "startup failure; the application started and GET /hello got " + answer("/hello"))
			.isInstanceOf(ShutdownConfigurationException.class)
			.hasMessageContaining("orderly.shutdown.drain.ignored-paths[1]: is 'ping', not a path pattern");
	}

	@Test
	void whenIgnoredPathsCannotBeCreatedAtTheFirstRequestThenRequestsAreServedAndOneWarningIsLogged(
			CapturedOutput output) throws Exception {
		this.context = startWebApplication(List.of(BrokenProbePaths.class));
		int port = TestWebApplication.port(this.context);
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> response = this.client.send(request(port, "/hello"),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("hello");
		}
		String warning = "Could not resolve the paths that are not traffic; every request now counts as traffic";
		assertThat(StringUtils.countOccurrencesOf(output.getOut(), warning)).as("warnings").isOne();
		assertThat(output.getOut()).contains("probe paths unavailable");
	}

	@Test
	void reportFileIsPrunedAtStartupAndTheRunIsAppendedAtShutdown() throws Exception {
		Path file = this.directory.resolve("shutdown.jsonl");
		List<String> earlier = writeRuns(file, 3);
		SpringApplication application = new SpringApplication(LazyApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		this.context = application.run("--spring.main.banner-mode=off", "--" + LAZY,
				"--orderly.shutdown.report.file=" + file, "--orderly.shutdown.report.keep-runs=2");
		// room for this process's run: the last earlier run only
		assertThat(ShutdownReportFile.read(file)).extracting(ShutdownReport::id).containsExactly(earlier.get(2));
		this.context.close();
		assertThat(ShutdownReportFile.read(file)).hasSize(2).first().extracting(ShutdownReport::id)
			.isEqualTo(earlier.get(2));
	}

	@Test
	void slowRequestInFlightIsCountedAndAnsweredAndHealthChecksAreNotTraffic(CapturedOutput output) throws Exception {
		Path file = this.directory.resolve("shutdown.jsonl");
		List<String> earlier = writeRuns(file, 2);
		this.context = startWebApplication("orderly.shutdown.report.file=" + file, "orderly.shutdown.report.keep-runs=2",
				"orderly.shutdown.drain.quiet-period=500ms", "orderly.shutdown.drain.max-delay=8s",
				"management.endpoint.health.probes.add-additional-paths=true");
		assertThat(output).as("plan logged at startup").contains("Orderly shutdown plan:");
		assertThat(ShutdownReportFile.read(file)).as("runs kept at startup")
			.extracting(ShutdownReport::id)
			.containsExactly(earlier.get(1));
		int port = TestWebApplication.port(this.context);
		CompletableFuture<HttpResponse<String>> slow = this.client.sendAsync(request(port, "/slow?ms=3000"),
				HttpResponse.BodyHandlers.ofString());
		InFlightRequests requests = this.context.getBean(InFlightRequests.class);
		await().atMost(Duration.ofSeconds(5)).until(requests::inFlight, (count) -> count == 1);
		AtomicBoolean polling = new AtomicBoolean(true);
		CompletableFuture<Void> healthChecks = CompletableFuture.runAsync(() -> {
			while (polling.get()) {
				try {
					for (String path : List.of("/actuator/health/readiness", "/readyz", "/livez")) {
						this.client.send(request(port, path), HttpResponse.BodyHandlers.discarding());
					}
					Thread.sleep(20);
				}
				catch (Exception ex) {
					return; // the server stopped accepting
				}
			}
		});
		CompletableFuture.runAsync(this.context::close, (task) -> new Thread(task, "test-close").start())
			.get(20, TimeUnit.SECONDS);
		polling.set(false);
		healthChecks.get(5, TimeUnit.SECONDS);
		assertThat(slow.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		assertThat(slow.get().body()).isEqualTo("slow 3000");
		ShutdownReport report = this.listener.finished.get(10, TimeUnit.SECONDS);
		StageReport drain = report.stage("drain");
		// health checks kept coming, yet the drain ended after its quiet period, not its 8 s max
		assertThat(drain.outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
		assertThat(drain.counts()).containsEntry("requests.served", 0L);
		assertThat(drain.duration()).isLessThan(Duration.ofSeconds(4));
		StageReport web = report.stage("web");
		assertThat(web.counts()).containsEntry("requests.in-flight", 1L).containsEntry("requests.cut-off", 0L);
		assertThat(ShutdownReportFile.read(file)).extracting(ShutdownReport::id)
			.containsExactly(earlier.get(1), report.id());
	}

	private ConfigurableApplicationContext startWebApplication(String... properties) {
		return startWebApplication(List.of(), properties);
	}

	private ConfigurableApplicationContext startWebApplication(List<Class<?>> moreSources, String... properties) {
		List<String> all = new ArrayList<>(List.of(LAZY, TestWebApplication.ON_TOMCAT,
				"management.endpoint.health.probes.enabled=true", "management.endpoints.web.exposure.include=health"));
		all.addAll(List.of(properties));
		Inventory.created = false;
		List<Class<?>> sources = new ArrayList<>(List.of(DrainTestApplication.class, LazyApplication.class));
		sources.addAll(moreSources);
		return TestWebApplication.start(new SpringApplicationBuilder(sources.toArray(Class<?>[]::new)),
				Map.of("recordingListener", this.listener), all);
	}

	/** Earlier runs in the report file, written by an application that is not lazy. */
	private static List<String> writeRuns(Path file, int count) throws Exception {
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class,
					OrderlyShutdownReportFileAutoConfiguration.class))
			.withPropertyValues("orderly.shutdown.report.file=" + file, "orderly.shutdown.report.keep-runs=10");
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			RecordingListener recorder = new RecordingListener();
			runner.withBean(RecordingListener.class, () -> recorder).run(ConfigurableApplicationContext::close);
			ids.add(recorder.finished.get(10, TimeUnit.SECONDS).id());
		}
		assertThat(ShutdownReportFile.read(file)).extracting(ShutdownReport::id).containsExactlyElementsOf(ids);
		return ids;
	}

	/** The status of a request to the running application, or why there was none. */
	private String answer(String path) {
		if (this.context == null) {
			return "no answer: not started";
		}
		int port = TestWebApplication.port(this.context);
		try {
			return "status " + this.client.send(request(port, path), HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (Exception ex) {
			return "no answer: " + ex;
		}
	}

	private static HttpRequest request(int port, String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(15))
			.build();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class LazyApplication {

		@Bean
		Inventory inventory() {
			return new Inventory();
		}

	}

	/**
	 * Paths of a balancer's probe that cannot be created: explicitly lazy, so the filter asks
	 * for them at the first request.
	 */
	@Configuration(proxyBeanMethods = false)
	static class BrokenProbePaths {

		@Bean
		@Lazy
		IgnoredPaths probePaths() {
			throw new IllegalStateException("probe paths unavailable");
		}

	}

	/** An application bean, which lazy initialization leaves uncreated until it is used. */
	static class Inventory {

		static volatile boolean created;

		Inventory() {
			created = true;
		}

	}

}

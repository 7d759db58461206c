package dev.orderly.shutdown.actuate;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.jayway.jsonpath.JsonPath;
import dev.orderly.shutdown.ShutdownTaskRegistration;
import dev.orderly.shutdown.ShutdownTrigger;
import dev.orderly.shutdown.internal.drain.DrainTestApplication;
import dev.orderly.shutdown.internal.engine.ShutdownEngine;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.testsupport.RecordingListener;
import dev.orderly.shutdown.testsupport.TestWebApplication;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.actuate.context.ShutdownEndpoint;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvoker;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvokerAdvisor;
import org.springframework.boot.actuate.endpoint.invoke.OperationParameters;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The actuator endpoints over real HTTP, on a real embedded server.
 */
class ShutdownEndpointsIntegrationTests {

	private static final String EXPOSE_BOTH = "management.endpoints.web.exposure.include=health,shutdown,shutdownstages";

	private static final String ALLOW_SHUTDOWN = "management.endpoint.shutdown.access=unrestricted";

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private RecordingListener listener = new RecordingListener();

	private final List<ShutdownTaskRegistration> tasks = new ArrayList<>();

	private final List<OperationInvokerAdvisor> advisors = new ArrayList<>();

	@AutoClose
	private ConfigurableApplicationContext context;

	private URI base;

	@Test
	void nothingIsExposedByDefaultBeyondWhatSpringBootExposes() throws Exception {
		start();
		assertThat(get("/actuator/shutdownstages").statusCode()).isEqualTo(404);
		assertThat(post("/actuator/shutdown", "{}").statusCode()).isEqualTo(404);
		assertThat(get("/hello").statusCode()).isEqualTo(200);
		assertThat(this.context.getBean(ShutdownEngine.class).currentRun()).isEmpty();
	}

	@Test
	void springBootsShutdownEndpointBacksOffForTheStagedOne() {
		start(EXPOSE_BOTH, ALLOW_SHUTDOWN);
		assertThat(this.context.getBeansOfType(ShutdownEndpoint.class)).hasSize(1)
			.allSatisfy((name, endpoint) -> assertThat(endpoint.getClass().getSimpleName())
				.isEqualTo("OrderlyShutdownEndpoint"));
	}

	@Test
	void stagesEndpointShowsThePlanAndHowTheBudgetAddsUp() throws Exception {
		start("management.endpoints.web.exposure.include=shutdownstages");
		HttpResponse<String> response = get("/actuator/shutdownstages");
		assertThat(response.statusCode()).isEqualTo(200);
		String json = response.body();
		assertThat(JsonPath.<List<String>>read(json, "$.plan.stages[*].stage")).containsExactly("drain", "web",
				"consumers", "flush", "release");
		assertThat(JsonPath.<Integer>read(json, "$.plan.budget_ms")).isEqualTo(30_000);
		assertThat(JsonPath.<String>read(json, "$.plan.budget"))
			.isEqualTo("drain 5 s + web 5 s + consumers 5 s + flush 5 s + release 5 s = 25 s of 30 s");
		assertThat(JsonPath.<Integer>read(json, "$.plan.stages[2].phase")).isEqualTo(Integer.MAX_VALUE - 4096);
		// no shutdown yet, no previous one recorded
		assertThat(JsonPath.<Map<String, Object>>read(json, "$")).containsOnlyKeys("plan");
	}

	@Test
	void stagesEndpointListsEveryLifecyclePhaseInStopOrderWithTheStagesThatOwnThem() throws Exception {
		start("management.endpoints.web.exposure.include=shutdownstages",
				"spring.lifecycle.timeout-per-shutdown-phase=12s", "orderly.shutdown.web.timeout=5s");
		String json = get("/actuator/shutdownstages").body();
		List<Integer> phases = JsonPath.read(json, "$.plan.lifecycle_phases[*].phase");
		assertThat(phases).isSortedAccordingTo(Comparator.reverseOrder()).doesNotHaveDuplicates();
		// Spring Boot's graceful shutdown runs as the web stage; the server's stop is a phase of its own
		assertThat(JsonPath.<List<String>>read(json, "$.plan.lifecycle_phases[?(@.stage == 'web')].beans[*]"))
			.containsExactly("webServerGracefulShutdown");
		assertThat(JsonPath.<List<Integer>>read(json,
				"$.plan.lifecycle_phases[?('webServerStartStop' in @.beans)].phase"))
			.containsExactly(WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE);
		// a phase the starter does not own has no stage
		assertThat(JsonPath.<List<Map<String, Object>>>read(json,
				"$.plan.lifecycle_phases[?('webServerStartStop' in @.beans)]"))
			.singleElement()
			.satisfies((phase) -> assertThat(phase).doesNotContainKey("stage").containsEntry("in_report", true));
		assertThat(JsonPath.<Integer>read(json, "$.plan.phase_timeout_ms")).isEqualTo(12_000);
		int reportPhase = JsonPath.read(json, "$.plan.report_phase");
		// every phase in the report stops before the report is finished, the others after it
		assertThat(JsonPath.<List<Integer>>read(json, "$.plan.lifecycle_phases[?(@.in_report == true)].phase"))
			.isNotEmpty()
			.allSatisfy((phase) -> assertThat(phase).isGreaterThan(reportPhase));
		assertThat(JsonPath.<List<Integer>>read(json, "$.plan.lifecycle_phases[?(@.in_report == false)].phase"))
			.allSatisfy((phase) -> assertThat(phase).isLessThan(reportPhase));
	}

	@Test
	void postStartsTheStagedShutdownOnceAndRecordsTheReason() throws Exception {
		start(EXPOSE_BOTH, ALLOW_SHUTDOWN, "orderly.shutdown.drain.min-delay=4s");
		HttpResponse<String> first = post("/actuator/shutdown", "{\"reason\":\"deploy 42\"}");
		assertThat(first.statusCode()).isEqualTo(200);
		String runId = JsonPath.read(first.body(), "$.run");
		assertThat(JsonPath.<Boolean>read(first.body(), "$.started")).isTrue();
		assertThat(JsonPath.<String>read(first.body(), "$.trigger")).isEqualTo("endpoint");
		assertThat(JsonPath.<String>read(first.body(), "$.reason")).isEqualTo("deploy 42");
		assertThat(JsonPath.<List<String>>read(first.body(), "$.plan.stages[*].stage")).contains("flush");
		// still draining: a repeated request joins the run in progress
		HttpResponse<String> again = post("/actuator/shutdown", "{\"reason\":\"again\"}");
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<Boolean>read(again.body(), "$.started")).isFalse();
		assertThat(JsonPath.<String>read(again.body(), "$.run")).isEqualTo(runId);
		assertThat(JsonPath.<String>read(again.body(), "$.message"))
			.isEqualTo("Shutdown already in progress (started by POST /actuator/shutdown)");
		assertThat(JsonPath.<Boolean>read(again.body(), "$.progress.finished")).isFalse();
		assertThat(JsonPath.<String>read(again.body(), "$.progress.outcome")).isEqualTo("in_progress");
		assertThat(JsonPath.<String>read(again.body(), "$.progress.trigger")).isEqualTo("endpoint");
		ShutdownReport report = this.listener.finished.get(10, TimeUnit.SECONDS);
		assertThat(report.id()).isEqualTo(runId);
		assertThat(report.trigger()).isEqualTo(ShutdownTrigger.ENDPOINT);
		assertThat(report.reason()).isEqualTo("deploy 42");
		assertThat(this.listener.events).filteredOn((event) -> event.startsWith("run started")).hasSize(1);
	}

	@Test
	void aPlainCurlPostWithNoBodyShutsDownAsSpringBootDocumentsIt() throws Exception {
		start(EXPOSE_BOTH, ALLOW_SHUTDOWN);
		HttpResponse<String> response = curlPost(this.base.resolve("/actuator/shutdown"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<String>read(response.body(), "$.message")).isEqualTo("Shutting down, bye...");
		assertThat(JsonPath.<Boolean>read(response.body(), "$.started")).isTrue();
		ShutdownReport report = this.listener.finished.get(10, TimeUnit.SECONDS);
		assertThat(report.trigger()).isEqualTo(ShutdownTrigger.ENDPOINT);
		assertThat(report.reason()).isNull();
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.context.isActive());
	}

	@Test
	void aPlainCurlPostOnASeparateManagementPortShutsDownAndMayGiveTheReasonInTheQuery() throws Exception {
		start(EXPOSE_BOTH, ALLOW_SHUTDOWN, "management.server.port=0", "management.server.address=127.0.0.1");
		URI management = URI.create("http://127.0.0.1:"
				+ this.context.getEnvironment().getProperty("local.management.port") + "/actuator/shutdown?reason=deploy%2042");
		HttpResponse<String> response = curlPost(management);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<Boolean>read(response.body(), "$.started")).isTrue();
		assertThat(JsonPath.<String>read(response.body(), "$.reason")).isEqualTo("deploy 42");
		ShutdownReport report = this.listener.finished.get(10, TimeUnit.SECONDS);
		assertThat(report.trigger()).isEqualTo(ShutdownTrigger.ENDPOINT);
		assertThat(report.reason()).isEqualTo("deploy 42");
	}

	@Test
	void badReasonGetsA400ThatSaysWhyAndNothingShutsDown() throws Exception {
		start(EXPOSE_BOTH, ALLOW_SHUTDOWN);
		HttpResponse<String> tooLong = post("/actuator/shutdown", "{\"reason\":\"" + "x".repeat(201) + "\"}");
		HttpResponse<String> control = post("/actuator/shutdown", "{\"reason\":\"deploy\\u0007now\"}");
		HttpResponse<String> tooLongInQuery = curlPost(
				this.base.resolve("/actuator/shutdown?reason=" + "x".repeat(201)));
		// Spring Boot's default server.error.include-message=never must not hide why
		for (HttpResponse<String> rejected : List.of(tooLong, control, tooLongInQuery)) {
			assertThat(rejected.statusCode()).isEqualTo(400);
			assertThat(JsonPath.<String>read(rejected.body(), "$.message"))
				.isEqualTo("Invalid reason: use at most 200 characters and no control characters");
		}
		assertThat(this.context.getBean(ShutdownEngine.class).currentRun()).isEmpty();
		assertThat(this.context.isActive()).isTrue();
		assertThat(get("/hello").statusCode()).isEqualTo(200);
	}

	@Test
	void overJmxTheOperationIsStillNamedShutdownAndShutsDownInStages() throws Exception {
		String domain = "orderly.shutdown.test" + System.nanoTime();
		start(ALLOW_SHUTDOWN, "spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=shutdown",
				"management.endpoints.jmx.domain=" + domain);
		MBeanServer server = ManagementFactory.getPlatformMBeanServer();
		Set<ObjectName> names = server.queryNames(new ObjectName(domain + ":type=Endpoint,name=Shutdown,*"), null);
		assertThat(names).hasSize(1);
		Object answer = server.invoke(names.iterator().next(), "shutdown", new Object[0], new String[0]);
		assertThat(answer).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("message", "Shutting down, bye...")
			.containsEntry("started", true)
			.containsEntry("trigger", "endpoint")
			.doesNotContainKeys("body", "status");
		ShutdownReport report = this.listener.finished.get(10, TimeUnit.SECONDS);
		assertThat(report.trigger()).isEqualTo(ShutdownTrigger.ENDPOINT);
	}

	@Test
	void anOperationInvokerAdvisorAppliedBeforeTheStarterStillSeesTheShutdownRequest() throws Exception {
		List<String> audited = new CopyOnWriteArrayList<>();
		this.advisors.add(new AuditingAdvisor(audited));
		start(EXPOSE_BOTH, ALLOW_SHUTDOWN);
		HttpResponse<String> response = post("/actuator/shutdown", "{\"reason\":\"deploy 42\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<String>read(response.body(), "$.reason")).isEqualTo("deploy 42");
		assertThat(audited).containsExactly("shutdown {reason=deploy 42}");
		assertThat(this.listener.finished.get(10, TimeUnit.SECONDS).reason()).isEqualTo("deploy 42");
	}

	@Test
	void liveProgressIsServedOnASeparateManagementPortThroughDrainAndWebStage() throws Exception {
		start("management.server.port=0", "management.server.address=127.0.0.1",
				"management.endpoints.web.exposure.include=shutdownstages");
		URI management = URI.create("http://127.0.0.1:"
				+ this.context.getEnvironment().getProperty("local.management.port") + "/actuator/shutdownstages");
		CompletableFuture<HttpResponse<String>> slow = this.client.sendAsync(
				HttpRequest.newBuilder(this.base.resolve("/slow?ms=2500")).build(), HttpResponse.BodyHandlers.ofString());
		await().atMost(Duration.ofSeconds(2))
			.until(() -> this.context.getBean(dev.orderly.shutdown.internal.drain.InFlightRequests.class).inFlight() == 1);
		CompletableFuture.runAsync(this.context::close, (task) -> new Thread(task, "test-close").start());
		List<List<String>> progress = new CopyOnWriteArrayList<>();
		List<String> outcomes = new CopyOnWriteArrayList<>();
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
			try {
				String json = this.client.send(HttpRequest.newBuilder(management).build(),
						HttpResponse.BodyHandlers.ofString()).body();
				if (JsonPath.<Map<String, Object>>read(json, "$").containsKey("current")) {
					progress.add(JsonPath.read(json, "$.current.stages[*].stage"));
					outcomes.add(JsonPath.read(json, "$.current.outcome"));
				}
				return false;
			}
			catch (Exception ex) {
				return !progress.isEmpty(); // the management server has stopped
			}
		});
		// seen while draining (no stage ended yet) and during the web stage (drain ended)
		assertThat(progress).contains(List.of()).contains(List.of("drain"));
		assertThat(outcomes).containsOnly("in_progress");
		assertThat(slow.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
	}

	@Test
	void theEndpointNamesEveryFieldOfThePreviousRunAsTheReportFileDoes(@TempDir Path directory) throws Exception {
		Path file = directory.resolve("shutdown.jsonl");
		this.tasks.add(ShutdownTaskRegistration.of("flush", "outbox", (context) -> Thread.sleep(20)));
		start("orderly.shutdown.report.file=" + file);
		this.context.close();
		this.listener.finished.get(10, TimeUnit.SECONDS);
		List<Map<String, Object>> lines = new ArrayList<>();
		for (String line : Files.readAllLines(file)) {
			lines.add(JsonPath.read(line, "$"));
		}
		start("orderly.shutdown.report.file=" + file, "management.endpoints.web.exposure.include=shutdownstages");
		Map<String, Object> previous = JsonPath.read(get("/actuator/shutdownstages").body(), "$.previous");

		Map<String, Object> runStarted = event(lines, "run_started");
		Map<String, Object> runFinished = event(lines, "run_finished");
		assertThat(runStarted.get("trigger")).isEqualTo("context_close");
		assertThat(previous).containsEntry("run", runStarted.get("run"))
			.containsAllEntriesOf(without(runStarted, "event", "run", "time"))
			.containsAllEntriesOf(without(runFinished, "event", "run", "time"));
		assertThat(JsonPath.<List<Map<String, Object>>>read(previous, "$.stages[?(@.stage == 'flush')]"))
			.singleElement()
			.satisfies((flush) -> assertThat(flush)
				.containsAllEntriesOf(without(stageFinished(lines, "flush"), "event", "run", "time")));
		assertThat(JsonPath.<List<Map<String, Object>>>read(previous, "$.stages[?(@.stage == 'flush')].tasks[0]"))
			.singleElement()
			.satisfies((task) -> assertThat(task).containsExactlyInAnyOrderEntriesOf(
					without(event(lines, "task_finished"), "event", "run", "time", "stage")));
	}

	private static Map<String, Object> event(List<Map<String, Object>> lines, String event) {
		return lines.stream().filter((line) -> event.equals(line.get("event"))).findFirst().orElseThrow();
	}

	private static Map<String, Object> stageFinished(List<Map<String, Object>> lines, String stage) {
		return lines.stream()
			.filter((line) -> "stage_finished".equals(line.get("event")) && stage.equals(line.get("stage")))
			.findFirst()
			.orElseThrow();
	}

	/** The line's fields but the given ones; a null field is left out, as the endpoint does. */
	private static Map<String, Object> without(Map<String, Object> line, String... keys) {
		Map<String, Object> rest = new LinkedHashMap<>(line);
		List.of(keys).forEach(rest::remove);
		rest.values().removeIf(java.util.Objects::isNull);
		return rest;
	}

	private void start(String... properties) {
		this.listener = new RecordingListener();
		List<String> all = new ArrayList<>(List.of("server.address=127.0.0.1",
				"spring.autoconfigure.exclude=org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration,"
						+ "org.springframework.boot.jetty.autoconfigure.actuate.web.server.JettyServletManagementContextAutoConfiguration"));
		all.addAll(List.of(properties));
		Map<String, Object> beans = new LinkedHashMap<>();
		beans.put("recordingListener", this.listener);
		for (int i = 0; i < this.tasks.size(); i++) {
			beans.put("task" + i, this.tasks.get(i));
		}
		for (int i = 0; i < this.advisors.size(); i++) {
			beans.put("advisor" + i, this.advisors.get(i));
		}
		this.context = TestWebApplication.start(new SpringApplicationBuilder(DrainTestApplication.class), beans, all);
		this.base = TestWebApplication.baseUri(this.context);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.client.send(HttpRequest.newBuilder(this.base.resolve(path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	/** What {@code curl -X POST <uri>} sends: no body, no content type, any answer accepted. */
	private HttpResponse<String> curlPost(URI uri) throws Exception {
		return this.client.send(HttpRequest.newBuilder(uri)
			.header("Accept", "*/*")
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String json) throws Exception {
		return this.client.send(HttpRequest.newBuilder(this.base.resolve(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * An application's advisor, applied before the starter's: records each shutdown request,
	 * as an audit log would.
	 */
	record AuditingAdvisor(List<String> audited) implements OperationInvokerAdvisor, Ordered {

		@Override
		public OperationInvoker apply(EndpointId endpointId, OperationType operationType,
				OperationParameters parameters, OperationInvoker invoker) {
			if (!endpointId.equals(EndpointId.of("shutdown"))) {
				return invoker;
			}
			return (context) -> {
				this.audited.add(endpointId + " " + context.getArguments());
				return invoker.invoke(context);
			};
		}

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE;
		}

	}

}

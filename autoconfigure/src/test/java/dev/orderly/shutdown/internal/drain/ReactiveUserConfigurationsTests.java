package dev.orderly.shutdown.internal.drain;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.orderly.shutdown.ShutdownTrigger;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.testsupport.HelloReactiveApplication;
import dev.orderly.shutdown.testsupport.RecordingListener;
import dev.orderly.shutdown.testsupport.TestWebApplication;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.config.EnableWebFlux;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebFlux application configured as users do beyond the defaults (a base path, the
 * actuator at the root or on its own port, lazy beans, a shorter phase timeout, an immediate
 * server shutdown, a rate-limiting filter of their own first, functional routes,
 * {@code @EnableWebFlux}): during the drain, its application requests are counted as served,
 * those its own filter answers alone included, and its health checks are not.
 */
class ReactiveUserConfigurationsTests {

	/** Reactor Netty, the WebFlux default, with and without a management server of its own. */
	private static final List<String> ON_REACTOR_NETTY = List.of("spring.autoconfigure.exclude="
			+ "org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration,"
			+ "org.springframework.boot.jetty.autoconfigure.reactive.JettyReactiveWebServerAutoConfiguration,"
			+ "org.springframework.boot.tomcat.autoconfigure.actuate.web.server."
			+ "TomcatReactiveManagementContextAutoConfiguration,"
			+ "org.springframework.boot.jetty.autoconfigure.actuate.web.server."
			+ "JettyReactiveManagementContextAutoConfiguration");

	private final HttpClient client = HttpClient.newHttpClient();

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			defaults                                       | /hello     | /actuator/health     | 0 in flight when accepting stopped; all answered
			spring.webflux.base-path=/api                  | /api/hello | /api/actuator/health | 0 in flight when accepting stopped; all answered
			management.endpoints.web.base-path=/           | /hello     | /health              | 0 in flight when accepting stopped; all answered
			spring.main.lazy-initialization=true           | /hello     | /actuator/health     | 0 in flight when accepting stopped; all answered
			spring.lifecycle.timeout-per-shutdown-phase=3s | /hello     | /actuator/health     | 0 in flight when accepting stopped; all answered
			server.shutdown=immediate                      | /hello     | /actuator/health     | server.shutdown=immediate; 0 in flight cut off
			""")
	void healthChecksDuringTheDrainAreNotCountedAndApplicationRequestsAre(String property, String helloPath,
			String healthPath, String webDetail) throws Exception {
		RecordingListener listener = new RecordingListener();
		List<String> properties = new ArrayList<>(ON_REACTOR_NETTY);
		properties.addAll(List.of("orderly.shutdown.drain.quiet-period=1500ms",
				"orderly.shutdown.drain.max-delay=10s"));
		if (!property.equals("defaults")) {
			properties.add(property);
		}
		ConfigurableApplicationContext context = TestWebApplication.start(
				new SpringApplicationBuilder(HelloReactiveApplication.class).web(WebApplicationType.REACTIVE),
				Map.of("recorder", listener, "usersFirstFilter", new UsersFirstFilter()), properties);
		URI base = TestWebApplication.baseUri(context);
		assertThat(get(base.resolve(helloPath)).statusCode()).isEqualTo(200);
		assertThat(get(base.resolve(healthPath)).statusCode()).isEqualTo(200);
		InFlightRequests requests = context.getBean(InFlightRequests.class);
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> requests.inFlight() == 0);
		new Thread(context::close).start();
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(requests::isDraining);
		HttpResponse<String> hello = get(base.resolve(helloPath));
		HttpResponse<String> limited = get(base.resolve(helloPath.replace("/hello", "/limited")));
		for (int i = 0; i < 3; i++) {
			get(base.resolve(healthPath));
		}
		ShutdownReport report = listener.finished.get(40, TimeUnit.SECONDS);
		assertThat(hello.statusCode()).isEqualTo(200);
		assertThat(hello.body()).isEqualTo("hello");
		assertThat(limited.statusCode()).isEqualTo(429);
		// the request the user's filter answered alone is traffic too: the in-flight filter is first
		assertThat(report.stage("drain").detail()).startsWith("traffic stopped").contains("2 requests served");
		assertThat(report.stage("web").detail()).isEqualTo(webDetail);
	}

	@Test
	void onItsOwnPortTheActuatorsShutdownRunsTheDrainAndItsHealthChecksAreNotTraffic() throws Exception {
		RecordingListener listener = new RecordingListener();
		ConfigurableApplicationContext context = TestWebApplication.start(
				new SpringApplicationBuilder(HelloReactiveApplication.class).web(WebApplicationType.REACTIVE),
				Map.of("recorder", listener),
				concat(ON_REACTOR_NETTY, "management.server.port=0", "management.endpoints.web.exposure.include=health,shutdown",
						"management.endpoint.shutdown.access=unrestricted",
						"orderly.shutdown.drain.quiet-period=1500ms"));
		URI base = TestWebApplication.baseUri(context);
		URI management = URI.create(
				"http://127.0.0.1:" + context.getEnvironment().getRequiredProperty("local.management.port"));
		InFlightRequests requests = context.getBean(InFlightRequests.class);
		assertThat(get(base.resolve("/hello")).body()).isEqualTo("hello");
		// as curl -X POST does: no body, no content type
		HttpResponse<String> shutdown = this.client.send(HttpRequest
			.newBuilder(management.resolve("/actuator/shutdown"))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(shutdown.statusCode()).isEqualTo(200);
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(requests::isDraining);
		HttpResponse<String> hello = get(base.resolve("/hello"));
		for (int i = 0; i < 3; i++) {
			get(management.resolve("/actuator/health"));
		}
		ShutdownReport report = listener.finished.get(30, TimeUnit.SECONDS);
		assertThat(report.trigger()).isEqualTo(ShutdownTrigger.ENDPOINT);
		assertThat(hello.body()).isEqualTo("hello");
		assertThat(report.stage("drain").detail()).startsWith("traffic stopped").contains("1 request served");
		assertThat(report.stage("web").detail()).isEqualTo("0 in flight when accepting stopped; all answered");
	}

	@Test
	void anEnableWebFluxApplicationIsDrainedToo() throws Exception {
		RecordingListener listener = new RecordingListener();
		ConfigurableApplicationContext context = TestWebApplication.start(
				new SpringApplicationBuilder(HelloReactiveApplication.class, EnableWebFluxConfiguration.class)
					.web(WebApplicationType.REACTIVE),
				Map.of("recorder", listener), concat(ON_REACTOR_NETTY, "orderly.shutdown.drain.quiet-period=1500ms"));
		URI base = TestWebApplication.baseUri(context);
		InFlightRequests requests = context.getBean(InFlightRequests.class);
		// traffic until the shutdown, so that the drain waits for its quiet period
		assertThat(get(base.resolve("/hello")).body()).isEqualTo("hello");
		new Thread(context::close).start();
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(requests::isDraining);
		HttpResponse<String> hello = get(base.resolve("/hello"));
		ShutdownReport report = listener.finished.get(30, TimeUnit.SECONDS);
		assertThat(hello.body()).isEqualTo("hello");
		assertThat(hello.headers().firstValue("Connection")).hasValue("close");
		assertThat(report.stage("drain").detail()).startsWith("traffic stopped").contains("1 request served");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebFlux
	static class EnableWebFluxConfiguration {

	}

	private static List<String> concat(List<String> properties, String... more) {
		List<String> all = new ArrayList<>(properties);
		all.addAll(List.of(more));
		return all;
	}

	private HttpResponse<String> get(URI uri) throws Exception {
		return this.client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
	}

	/** A rate limiter of the application's, first of its filters, answering alone. */
	static class UsersFirstFilter implements WebFilter, Ordered {

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
			if (exchange.getRequest().getPath().pathWithinApplication().value().equals("/limited")) {
				exchange.getResponse().setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
				return exchange.getResponse().setComplete();
			}
			return chain.filter(exchange);
		}

		@Override
		public int getOrder() {
			return HIGHEST_PRECEDENCE;
		}

	}

}

package dev.orderly.shutdown.internal.drain;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.adapter.DefaultServerWebExchange;
import org.springframework.web.server.i18n.AcceptHeaderLocaleContextResolver;
import org.springframework.web.server.session.DefaultWebSessionManager;

/**
 * What the reactive in-flight filter adds to one request, in the process, without a server:
 * the time of a request through a chain that reads the request's path (parsed once per request,
 * as routing reads it anyway) and commits the response, with and without
 * {@link InFlightWebFilter} in front of it. The difference is the filter's cost (its commit
 * action, its {@code doFinally}, the path check against the actuator's pattern and the
 * bookkeeping); set against the CPU time a WebFlux request costs on a real server (tens of
 * microseconds, see docs/benchmarks.md) it bounds the throughput the filter can take, which
 * a wrk run on a 2-CPU machine cannot resolve to 2 %. Both variants build a new exchange per
 * request, as the server does, from parts shared as the server shares them (the codecs, the
 * session manager).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class InFlightWebFilterBenchmark {

	@Param({ "false", "true" })
	public boolean draining;

	private InFlightWebFilter filter;

	/** Reads the path, as the handler mappings after the filters do, and commits the response. */
	private final WebFilterChain chain = (exchange) -> (exchange.getRequest().getPath().value().isEmpty())
			? Mono.error(new IllegalStateException()) : exchange.getResponse().setComplete();

	private final ServerCodecConfigurer codecs = ServerCodecConfigurer.create();

	private final DefaultWebSessionManager sessions = new DefaultWebSessionManager();

	private final AcceptHeaderLocaleContextResolver locales = new AcceptHeaderLocaleContextResolver();

	@Setup
	public void setUp() {
		InFlightRequests requests = new InFlightRequests();
		if (this.draining) {
			requests.startDraining();
		}
		IgnoredPaths actuator = IgnoredPaths.of(List.of("/actuator", "/actuator/**"));
		this.filter = new InFlightWebFilter(requests, () -> actuator, new ReadinessProbeFailures(requests));
	}

	@Benchmark
	public Disposable withoutFilter() {
		return this.chain.filter(exchange()).subscribe();
	}

	@Benchmark
	public Disposable withFilter() {
		return this.filter.filter(exchange(), this.chain).subscribe();
	}

	private ServerWebExchange exchange() {
		return new DefaultServerWebExchange(MockServerHttpRequest.get("/hello").build(), new MockServerHttpResponse(),
				this.sessions, this.codecs, this.locales);
	}

}

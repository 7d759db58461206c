package dev.orderly.shutdown.internal.actuate.metrics;

import java.time.Duration;

import dev.orderly.shutdown.internal.drain.InFlightRequests;
import dev.orderly.shutdown.internal.plan.StagePlan;
import dev.orderly.shutdown.report.ShutdownListener;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Request meters of web applications, servlet and reactive: the requests in flight, and the requests
 * served during the drain and cut off at the end of the web stage. No base unit: the names
 * say "requests" already, and Prometheus would append the unit again. And the drain's
 * overshoot, a timer recorded once per drain.
 */
public class ShutdownRequestMetrics implements MeterBinder, ShutdownListener {

	/** Gauge of application requests in flight. */
	public static final String ACTIVE = "orderly.shutdown.requests.active";

	/** Counter of application requests that arrived during the drain. */
	public static final String DRAINED = "orderly.shutdown.drain.requests";

	/**
	 * Counter of requests the web stage cut off: still active at its end, which the server's
	 * stop cuts off, or (WebFlux) whose connection closed under them while it ran.
	 */
	public static final String CUT_OFF = "orderly.shutdown.requests.cut-off";

	/**
	 * Timer of the drain's overshoot: from the last application request it received (or its
	 * start) to its end; one record per drain.
	 */
	public static final String OVERSHOOT = "orderly.shutdown.drain.overshoot";

	private final InFlightRequests requests;

	private Counter drained;

	private Counter cutOff;

	private Timer overshoot;

	public ShutdownRequestMetrics(InFlightRequests requests) {
		this.requests = requests;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder(ACTIVE, this.requests, InFlightRequests::inFlight)
			.description("Application requests in flight")
			.register(registry);
		this.drained = Counter.builder(DRAINED)
			.description("Application requests that arrived while the shutdown drained traffic")
			.register(registry);
		this.cutOff = Counter.builder(CUT_OFF)
			.description("Requests cut off in the web stage: still active at its end, or their connection closed under them")
			.register(registry);
		this.overshoot = Timer.builder(OVERSHOOT)
			.description("Time the drain waited after the last application request it received")
			.register(registry);
	}

	@Override
	public void stageFinished(ShutdownReport report, StageReport stage) {
		if (this.drained != null) {
			this.drained.increment(stage.counts().getOrDefault(StagePlan.Drain.REQUESTS_SERVED, 0L));
			this.cutOff.increment(stage.counts().getOrDefault(StagePlan.Web.REQUESTS_CUT_OFF, 0L));
			Long overshootMillis = stage.counts().get(StagePlan.Drain.OVERSHOOT_MS);
			if (overshootMillis != null) {
				this.overshoot.record(Duration.ofMillis(overshootMillis));
			}
		}
	}

}

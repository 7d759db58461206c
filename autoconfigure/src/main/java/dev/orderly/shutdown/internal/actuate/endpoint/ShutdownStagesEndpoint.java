package dev.orderly.shutdown.internal.actuate.endpoint;

import java.util.function.Supplier;

import dev.orderly.shutdown.internal.engine.ShutdownEngine;
import dev.orderly.shutdown.internal.engine.ShutdownRun;
import dev.orderly.shutdown.report.ShutdownReport;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code GET /actuator/shutdownstages}: the shutdown plan, the progress of a shutdown in
 * progress, and the report of this instance's previous shutdown (read from the report file).
 */
@Endpoint(id = "shutdownstages")
public class ShutdownStagesEndpoint {

	private final ShutdownEngine engine;

	private final Supplier<@Nullable ShutdownReport> previous;

	public ShutdownStagesEndpoint(ShutdownEngine engine, Supplier<@Nullable ShutdownReport> previous) {
		this.engine = engine;
		this.previous = previous;
	}

	@ReadOperation
	public ShutdownStagesDescriptor stages() {
		ShutdownReport current = this.engine.currentRun().map(ShutdownRun::report).orElse(null);
		return new ShutdownStagesDescriptor(PlanDescriptor.of(this.engine), ReportDescriptor.current(current),
				ReportDescriptor.previous(this.previous.get()));
	}

	/**
	 * The endpoint's answer.
	 *
	 * @param plan the shutdown plan
	 * @param current the shutdown in progress (or finished), if one has begun
	 * @param previous the previous shutdown of this instance, if recorded
	 */
	public record ShutdownStagesDescriptor(PlanDescriptor plan, @Nullable ReportDescriptor current,
			@Nullable ReportDescriptor previous) implements OperationResponseBody {
	}

}

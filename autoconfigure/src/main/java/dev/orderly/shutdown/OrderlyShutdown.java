package dev.orderly.shutdown;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.orderly.shutdown.engine.ShutdownEngine;
import dev.orderly.shutdown.engine.ShutdownRun;
import dev.orderly.shutdown.report.ShutdownReport;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the application's one shutdown from code and tells how it is going: Go's
 * {@code sync.Once} around {@code Server.Shutdown}.
 *
 * <pre class="code">
 * orderlyShutdown.initiate("lost leadership").join(); // waits for the report
 * </pre>
 *
 * @since 0.1.0
 */
public class OrderlyShutdown {

	private final ShutdownEngine engine;

	private final ConfigurableApplicationContext context;

	public OrderlyShutdown(ShutdownEngine engine, ConfigurableApplicationContext context) {
		this.engine = engine;
		this.context = context;
	}

	/**
	 * Shut the application down once. The first call begins the run and closes the
	 * application context on a new non-daemon thread (so the JVM stays up until the stages
	 * have run); later or concurrent calls, and calls after SIGTERM or
	 * {@code context.close()} began the run, join it and start nothing new.
	 * @param reason why, recorded in the report; may be {@code null}
	 * @return completes with the final report when the last stage has ended
	 */
	public CompletableFuture<ShutdownReport> initiate(@Nullable String reason) {
		ShutdownRun begun = this.engine.beginIfIdle(ShutdownTrigger.API, reason);
		if (begun != null) {
			Thread closer = new Thread(this.context::close, "orderly-shutdown");
			closer.setDaemon(false);
			closer.start();
		}
		return this.engine.currentRun().orElseThrow().completion().copy();
	}

	/**
	 * What the current shutdown has done so far, or its final report once finished.
	 * @return the report, empty while no shutdown has begun
	 */
	public Optional<ShutdownReport> progress() {
		return this.engine.currentRun().map(ShutdownRun::report);
	}

}

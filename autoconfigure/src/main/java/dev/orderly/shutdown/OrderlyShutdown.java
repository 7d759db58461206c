package dev.orderly.shutdown;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.orderly.shutdown.report.ShutdownReport;
import org.jspecify.annotations.Nullable;

/**
 * Starts the application's one shutdown from code and tells how it is going: Go's
 * {@code sync.Once} around {@code Server.Shutdown}. A bean of this type is auto-configured.
 *
 * <pre class="code">
 * orderlyShutdown.initiate("lost leadership").join(); // waits for the report
 * </pre>
 *
 * @since 0.1.0
 */
public interface OrderlyShutdown {

	/**
	 * Shut the application down once. The first call begins the run and closes the
	 * application context on a new non-daemon thread (so the JVM stays up until the stages
	 * have run); later or concurrent calls, and calls after SIGTERM or
	 * {@code context.close()} began the run, join it and start nothing new.
	 * @param reason why, recorded in the report; may be {@code null}
	 * @return completes with the final report when the last stage has ended
	 */
	CompletableFuture<ShutdownReport> initiate(@Nullable String reason);

	/**
	 * What the current shutdown has done so far, or its final report once finished.
	 * @return the report, empty while no shutdown has begun
	 */
	Optional<ShutdownReport> progress();

}

package dev.orderly.shutdown.report;

import java.time.Duration;
import java.time.Instant;

import dev.orderly.shutdown.ShutdownOutcome;
import org.jspecify.annotations.Nullable;

/**
 * What one task did.
 *
 * @param name the task name
 * @param source where the task comes from, for example {@code @OnShutdown Outbox.flush()}
 * @param startedAt when the task started (for a skipped task: when it was skipped)
 * @param duration how long it ran
 * @param timeout its time limit
 * @param outcome how it ended
 * @param error the failure or timeout message, if any
 * @since 0.1.0
 */
public record TaskReport(String name, String source, Instant startedAt, Duration duration, Duration timeout,
		ShutdownOutcome outcome, @Nullable String error) {
}

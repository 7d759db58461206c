package dev.orderly.shutdown.internal.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.orderly.shutdown.internal.threads.ThreadStack;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.report.TaskReport;
import org.jspecify.annotations.Nullable;

/**
 * Renders a {@link ShutdownReport} as a compact, aligned text table, one row per stage and
 * one indented row per task.
 *
 * <pre>
 * Orderly shutdown finished: timed_out in 2.51 s of 30 s budget (trigger: JVM shutdown hook (SIGTERM, SIGINT or System.exit))
 *   STAGE      TASK            OUTCOME    DURATION  TIMEOUT  DETAIL
 *   consumers                  completed    502 ms      5 s
 *              order-consumer  completed    501 ms      5 s
 *   flush                      timed_out    2.00 s      5 s
 *              outbox.flush    timed_out    2.00 s      2 s  cancelled after 2 s; stuck in 'orderly-shutdown-flush-1' at sun.nio.ch.NioSocketImpl.park(NioSocketImpl.java:191) &lt;- com.acme.Outbox.flush(Outbox.java:42)
 * </pre>
 */
public final class ShutdownReportTable {

	private static final String[] HEADER = { "STAGE", "TASK", "OUTCOME", "DURATION", "TIMEOUT", "DETAIL" };

	private static final boolean[] RIGHT_ALIGNED = { false, false, false, true, true, false };

	private ShutdownReportTable() {
	}

	/**
	 * Render the report.
	 * @param report the report
	 * @return the table, lines separated by {@code \n}, without a trailing newline
	 */
	public static String format(ShutdownReport report) {
		List<String[]> rows = new ArrayList<>();
		rows.add(HEADER);
		for (StageReport stage : report.stages()) {
			rows.add(new String[] { stage.name(), "", stage.outcome().label(), duration(stage.duration()),
					duration(stage.timeout()), nullToEmpty(stage.detail()) });
			for (TaskReport task : stage.tasks()) {
				rows.add(new String[] { "", task.name(), task.outcome().label(), duration(task.duration()),
						duration(task.timeout()), taskDetail(task) });
			}
		}
		StringBuilder out = new StringBuilder(title(report));
		if (report.stages().isEmpty()) {
			return out.append("\n  (no stages ran)").toString();
		}
		int[] widths = widths(rows);
		for (String[] row : rows) {
			out.append('\n');
			for (int column = 0; column < row.length; column++) {
				out.append("  ").append(pad(row[column], widths[column], RIGHT_ALIGNED[column]));
			}
			trimEnd(out);
		}
		return out.toString();
	}

	private static String title(ShutdownReport report) {
		StringBuilder title = new StringBuilder("Orderly shutdown ")
			.append(report.finished() ? "finished: " + report.outcome().label() + " in " : "in progress for ")
			.append(duration(report.duration()))
			.append(" of ")
			.append(duration(report.budget()))
			.append(" budget (trigger: ")
			.append(report.trigger().description());
		if (report.reason() != null) {
			title.append(", reason: ").append(report.reason());
		}
		return title.append(')').toString();
	}

	/**
	 * Format a duration for people: milliseconds below one second, seconds above.
	 * @param duration the duration
	 * @return for example {@code 12 ms}, {@code 1.27 s} or {@code 30 s}
	 */
	public static String duration(Duration duration) {
		if (duration.isNegative()) {
			return "-" + duration(duration.negated());
		}
		long millis = duration.toMillis();
		if (millis < 1000) {
			return millis + " ms";
		}
		if (millis % 1000 == 0) {
			return (millis / 1000) + " s";
		}
		return String.format(Locale.ROOT, millis < 10_000 ? "%.2f s" : "%.1f s", millis / 1000.0);
	}

	private static int[] widths(List<String[]> rows) {
		int[] widths = new int[HEADER.length];
		for (String[] row : rows) {
			for (int column = 0; column < row.length; column++) {
				widths[column] = Math.max(widths[column], row[column].length());
			}
		}
		return widths;
	}

	private static String pad(String value, int width, boolean right) {
		String padding = " ".repeat(width - value.length());
		return right ? padding + value : value + padding;
	}

	private static void trimEnd(StringBuilder out) {
		while (out.charAt(out.length() - 1) == ' ') {
			out.setLength(out.length() - 1);
		}
	}

	/**
	 * A task's error, and for a task that timed out where it was stuck: the blocking frame
	 * and the first application frame (the report file has the whole captured stack).
	 */
	private static String taskDetail(TaskReport task) {
		String error = nullToEmpty(task.error());
		if (task.stack().isEmpty()) {
			return error;
		}
		return error + "; stuck in " + ((task.thread() != null) ? "'" + task.thread() + "' at " : "")
				+ ThreadStack.summary(task.stack());
	}

	private static String nullToEmpty(@Nullable String value) {
		return (value != null) ? value : "";
	}

}

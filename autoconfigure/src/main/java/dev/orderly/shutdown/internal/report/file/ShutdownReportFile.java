package dev.orderly.shutdown.internal.report.file;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.orderly.shutdown.internal.report.file.ReportFileReader.Event;
import dev.orderly.shutdown.internal.threads.ThreadStack;
import dev.orderly.shutdown.report.ShutdownListener;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.report.TaskReport;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The report file: every event of a run is appended as one JSON line and flushed at once,
 * so a process killed mid-shutdown still leaves a readable partial report. At startup the
 * file is cut down to the last {@code keepRuns - 1} runs (making room for this process's
 * run), and the last readable one is kept as the previous run's report. Lines that cannot
 * be read (a line cut by a kill, anything not written here) are skipped with a warning and
 * dropped by that rewrite, which keeps the file's permissions; a new file is created like
 * any other (its permissions follow the umask).
 */
public class ShutdownReportFile implements ShutdownListener {

	private static final Log logger = LogFactory.getLog(ShutdownReportFile.class);

	private final Path path;

	private final ReportEvents events = new ReportEvents();

	private final @Nullable ShutdownReport previous;

	private @Nullable BufferedWriter writer;

	/**
	 * Open the report file: read the previous runs and prune old ones.
	 * @param path the file
	 * @param keepRuns how many runs the file keeps, this process's included
	 * @throws UncheckedIOException if the file cannot be read or written
	 */
	public ShutdownReportFile(Path path, int keepRuns) {
		this.path = path;
		Map<String, List<Event>> runs = readRuns(path);
		this.previous = lastReadable(runs);
		prune(runs, keepRuns - 1);
	}

	/**
	 * The report of the last run recorded in the file when this process started.
	 * @return the previous run's report, if any
	 */
	public Optional<ShutdownReport> previousRun() {
		return Optional.ofNullable(this.previous);
	}

	/**
	 * The file written to.
	 * @return the path
	 */
	public Path path() {
		return this.path;
	}

	@Override
	public void runStarted(ShutdownReport report) {
		append(this.events.runStarted(report));
	}

	@Override
	public void stageStarted(ShutdownReport report, String stage) {
		append(this.events.stageStarted(report, stage));
	}

	@Override
	public void taskFinished(ShutdownReport report, String stage, TaskReport task) {
		append(this.events.taskFinished(report, stage, task));
	}

	@Override
	public void stageFinished(ShutdownReport report, StageReport stage) {
		append(this.events.stageFinished(report, stage));
	}

	/**
	 * Append the run's end and close the file. Something recorded after the run (such as
	 * what still keeps the JVM alive after bean destruction) can still be appended: the
	 * next append opens the file again.
	 */
	@Override
	public synchronized void runFinished(ShutdownReport report) {
		append(this.events.runFinished(report));
		try {
			if (this.writer != null) {
				this.writer.close();
			}
		}
		catch (IOException ex) {
			logger.warn("Could not close shutdown report file " + this.path, ex);
		}
		this.writer = null;
	}

	/**
	 * Record that the process is still alive some time after the application context closed,
	 * after the run's end.
	 * @param run the run's report
	 * @param cause {@code non_daemon_threads} or {@code shutdown_hook_running}
	 * @param afterClose how long after the context closed
	 * @param threads the live non-daemon threads
	 */
	public void processNotExited(ShutdownReport run, String cause, Duration afterClose, List<ThreadStack> threads) {
		append(this.events.processNotExited(run, cause, afterClose, threads));
	}

	/**
	 * Record that the process is about to be halted.
	 * @param run the run's report
	 * @param haltAfter the time since the run began after which it is halted
	 * @param status the exit status it is halted with
	 * @param threads the live non-daemon threads
	 */
	public void processHalted(ShutdownReport run, Duration haltAfter, int status, List<ThreadStack> threads) {
		append(this.events.processHalted(run, haltAfter, status, threads));
	}

	/**
	 * Read every complete run back from a report file.
	 * @param path the file
	 * @return the reports, oldest first; lines that cannot be read (such as a truncated last
	 * line) are skipped with a warning
	 * @throws UncheckedIOException if the file cannot be read
	 */
	public static List<ShutdownReport> read(Path path) {
		ReportEvents events = new ReportEvents();
		List<ShutdownReport> reports = new ArrayList<>();
		for (List<Event> run : readRuns(path).values()) {
			ShutdownReport report = rebuild(events, run, path);
			if (report != null) {
				reports.add(report);
			}
		}
		return reports;
	}

	private synchronized void append(String line) {
		try {
			if (this.writer == null) {
				this.writer = Files.newBufferedWriter(this.path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
						StandardOpenOption.APPEND);
			}
			this.writer.write(line);
			this.writer.newLine();
			this.writer.flush();
		}
		catch (IOException ex) {
			logger.warn("Could not write to shutdown report file " + this.path, ex);
		}
	}

	private @Nullable ShutdownReport lastReadable(Map<String, List<Event>> runs) {
		List<List<Event>> newestFirst = new ArrayList<>(runs.values());
		Collections.reverse(newestFirst);
		for (List<Event> run : newestFirst) {
			ShutdownReport report = rebuild(this.events, run, this.path);
			if (report != null) {
				return report;
			}
		}
		return null;
	}

	private static @Nullable ShutdownReport rebuild(ReportEvents events, List<Event> run, Path path) {
		try {
			return events.rebuild(run.stream().map(Event::event).toList());
		}
		catch (RuntimeException ex) {
			logger.warn("Ignoring an unreadable run in shutdown report file " + path + ": " + ex);
			return null;
		}
	}

	/** Events of each run, by run id, oldest run first. */
	private static Map<String, List<Event>> readRuns(Path path) {
		Map<String, List<Event>> runs = new LinkedHashMap<>();
		try {
			for (Event event : new ReportFileReader(new ReportEvents()).read(path)) {
				runs.computeIfAbsent(event.event().path("run").asString(), (id) -> new ArrayList<>()).add(event);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read shutdown report file " + path, ex);
		}
		return runs;
	}

	private void prune(Map<String, List<Event>> runs, int keep) {
		List<String> kept = new ArrayList<>();
		int skip = Math.max(0, runs.size() - keep);
		runs.values().stream().skip(skip).flatMap(List::stream).map(Event::line).forEach(kept::add);
		try {
			Files.createDirectories(this.path.toAbsolutePath().getParent());
			if (Files.exists(this.path)) {
				FileReplacement.replace(this.path, kept);
			}
			else {
				// created now, so that a path that cannot be written fails at startup
				Files.createFile(this.path);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write shutdown report file " + this.path, ex);
		}
	}

}

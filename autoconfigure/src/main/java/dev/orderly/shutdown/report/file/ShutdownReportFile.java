package dev.orderly.shutdown.report.file;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.orderly.shutdown.report.ShutdownListener;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.report.TaskReport;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The report file: every event of a run is appended as one JSON line and flushed at once,
 * so a process killed mid-shutdown still leaves a readable partial report. At startup the
 * file is cut down to the last {@code keepRuns - 1} runs (making room for this process's
 * run), and the last of them is kept as the previous run's report.
 *
 * @since 0.1.0
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
		Map<String, List<String>> runs = readRuns(path);
		this.previous = runs.isEmpty() ? null : rebuild(lastOf(runs));
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
	 * Read every complete run back from a report file.
	 * @param path the file
	 * @return the reports, oldest first; a truncated last line is ignored
	 */
	public static List<ShutdownReport> read(Path path) {
		ReportEvents events = new ReportEvents();
		List<ShutdownReport> reports = new ArrayList<>();
		for (List<String> lines : readRuns(path).values()) {
			ShutdownReport report = rebuild(events, lines);
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

	private @Nullable ShutdownReport rebuild(List<String> lines) {
		return rebuild(this.events, lines);
	}

	private static @Nullable ShutdownReport rebuild(ReportEvents events, List<String> lines) {
		List<JsonNode> parsed = new ArrayList<>();
		for (String line : lines) {
			JsonNode node = events.parse(line);
			if (node != null) {
				parsed.add(node);
			}
		}
		try {
			return events.rebuild(parsed);
		}
		catch (RuntimeException ex) {
			logger.warn("Ignoring an unreadable run in the shutdown report file", ex);
			return null;
		}
	}

	/** Lines of each run, by run id, oldest run first. */
	private static Map<String, List<String>> readRuns(Path path) {
		Map<String, List<String>> runs = new LinkedHashMap<>();
		if (!Files.exists(path)) {
			return runs;
		}
		ReportEvents events = new ReportEvents();
		try {
			for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
				JsonNode node = events.parse(line);
				if (node != null) {
					runs.computeIfAbsent(node.path("run").asString(), (id) -> new ArrayList<>()).add(line);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read shutdown report file " + path, ex);
		}
		return runs;
	}

	private void prune(Map<String, List<String>> runs, int keep) {
		List<String> kept = new ArrayList<>();
		int skip = Math.max(0, runs.size() - keep);
		runs.values().stream().skip(skip).forEach(kept::addAll);
		try {
			Path parent = this.path.toAbsolutePath().getParent();
			Files.createDirectories(parent);
			Path temporary = Files.createTempFile(parent, this.path.getFileName().toString(), ".tmp");
			Files.write(temporary, kept, StandardCharsets.UTF_8);
			Files.move(temporary, this.path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write shutdown report file " + this.path, ex);
		}
	}

	private static List<String> lastOf(Map<String, List<String>> runs) {
		List<String> last = List.of();
		for (List<String> lines : runs.values()) {
			last = lines;
		}
		return last;
	}

}

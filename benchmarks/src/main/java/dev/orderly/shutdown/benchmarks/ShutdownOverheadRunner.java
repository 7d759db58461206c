package dev.orderly.shutdown.benchmarks;

import static dev.orderly.shutdown.benchmarks.Settings.words;
import static dev.orderly.shutdown.benchmarks.Statistics.median;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Launches {@link BenchmarkApplication} alternately with and without the starter, waits for
 * it to be ready, sends SIGTERM and measures the wall time until the process has exited.
 * <p>
 * Arguments: {@code <runs> <work-dir> <kind>=<cp-without>|<cp-with> ...} where each kind
 * (such as {@code plain} or {@code web}) names two classpath files. Pure JDK; runs from
 * {@code target/classes} without Spring on its classpath.
 */
public final class ShutdownOverheadRunner {

	/** Not a class literal: this runner has no Spring on its classpath. */
	private static final String APPLICATION_CLASS = "dev.orderly.shutdown.benchmarks.BenchmarkApplication";

	/** Printed by {@link BenchmarkApplication} once started. */
	private static final String READY = "BENCHMARK-APP READY";

	private static final Pattern REPORT_TITLE = Pattern.compile("Orderly shutdown .*? in ([0-9.]+) (ms|s) of ");

	private static final long READY_TIMEOUT_SECONDS = 120;

	private static final long EXIT_TIMEOUT_SECONDS = 120;

	private final Path workDir;

	private final List<String> jvmOptions;

	private final List<String> applicationArguments;

	private ShutdownOverheadRunner(Path workDir, List<String> jvmOptions, List<String> applicationArguments) {
		this.workDir = workDir;
		this.jvmOptions = jvmOptions;
		this.applicationArguments = applicationArguments;
	}

	public static void main(String[] args) throws Exception {
		int runs = Integer.parseInt(args[0]);
		Path workDir = Path.of(args[1]);
		Map<String, String[]> kinds = new LinkedHashMap<>();
		for (String kind : Arrays.asList(args).subList(2, args.length)) {
			String[] nameAndFiles = kind.split("=", 2);
			String[] files = nameAndFiles[1].split("\\|", 2);
			kinds.put(nameAndFiles[0], new String[] { Files.readString(Path.of(files[0])).strip(),
					Files.readString(Path.of(files[1])).strip() });
		}
		ShutdownOverheadRunner runner = new ShutdownOverheadRunner(workDir, words("BENCH_JAVA_OPTS"),
				words("BENCH_APP_ARGS"));
		Files.createDirectories(workDir.resolve("logs"));
		List<String> summary = new ArrayList<>();
		for (Map.Entry<String, String[]> kind : kinds.entrySet()) {
			summary.addAll(runner.benchmark(kind.getKey(), kind.getValue()[0], kind.getValue()[1], runs));
		}
		System.out.println();
		System.out.println("=== Summary (" + runs + " runs per variant, SIGTERM to process exit, ms) ===");
		summary.forEach(System.out::println);
		try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(workDir.resolve("summary.txt")))) {
			summary.forEach(out::println);
		}
	}

	private List<String> benchmark(String kind, String withoutClasspath, String withClasspath, int runs)
			throws Exception {
		System.out.println("--- " + kind + ": 1 warm-up run per variant (discarded), then " + runs + " runs each");
		measure(kind, "without", withoutClasspath, 0);
		measure(kind, "with", withClasspath, 0);
		List<Measurement> without = new ArrayList<>();
		List<Measurement> with = new ArrayList<>();
		for (int run = 1; run <= runs; run++) {
			// ABBA order, so that neither variant always goes first
			if (run % 2 == 1) {
				without.add(measure(kind, "without", withoutClasspath, run));
				with.add(measure(kind, "with", withClasspath, run));
			}
			else {
				with.add(measure(kind, "with", withClasspath, run));
				without.add(measure(kind, "without", withoutClasspath, run));
			}
		}
		List<String> lines = new ArrayList<>();
		lines.add(String.format(Locale.ROOT, "%-6s %-15s %8s %8s %8s %8s   %s", kind, "variant", "median", "min",
				"max", "mean", "(startup to ready: median)"));
		lines.add(row(kind, "without starter", without));
		lines.add(row(kind, "with starter", with));
		double difference = median(shutdownTimes(with)) - median(shutdownTimes(without));
		List<Double> pairs = new ArrayList<>();
		for (int i = 0; i < runs; i++) {
			pairs.add(with.get(i).shutdownMillis() - without.get(i).shutdownMillis());
		}
		lines.add(String.format(Locale.ROOT,
				"%-6s %-15s %+8.1f ms (median with - median without); %+.1f ms median of the %d paired differences;"
						+ " startup %+.1f ms",
				kind, "difference", difference, median(pairs), runs,
				median(startupTimes(with)) - median(startupTimes(without))));
		List<Double> reported = with.stream()
			.filter((measurement) -> measurement.reportedRunMillis() != null)
			.map((measurement) -> (double) measurement.reportedRunMillis())
			.toList();
		if (!reported.isEmpty()) {
			lines.add(String.format(Locale.ROOT, "%-6s %-15s %8.1f ms median run time in the logged report (%d of %d runs)",
					kind, "engine", median(reported), reported.size(), with.size()));
		}
		return lines;
	}

	private static String row(String kind, String variant, List<Measurement> measurements) {
		List<Double> times = shutdownTimes(measurements);
		return String.format(Locale.ROOT, "%-6s %-15s %8.1f %8.1f %8.1f %8.1f   (%.0f ms)", kind, variant,
				median(times), times.stream().mapToDouble(Double::doubleValue).min().orElse(0),
				times.stream().mapToDouble(Double::doubleValue).max().orElse(0),
				times.stream().mapToDouble(Double::doubleValue).average().orElse(0),
				median(startupTimes(measurements)));
	}

	private Measurement measure(String kind, String variant, String classpath, int run) throws Exception {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(this.jvmOptions);
		command.add("-cp");
		command.add(classpath);
		command.add(APPLICATION_CLASS);
		command.add("--spring.main.banner-mode=off");
		command.add("--server.port=0");
		command.addAll(this.applicationArguments);
		Path log = this.workDir.resolve("logs").resolve(kind + "-" + variant + "-" + run + ".log");
		long launched = System.nanoTime();
		// Output goes to a file rather than a pipe: nothing to drain, nothing to race with at exit.
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			awaitReady(process, log);
			long readyAt = System.nanoTime();
			// Process.destroy() sends SIGTERM on Linux and macOS, without forking a kill(1)
			process.destroy();
			if (!process.waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Did not exit in " + EXIT_TIMEOUT_SECONDS + " s; see " + log);
			}
			long exitedAt = System.nanoTime();
			if (process.exitValue() != 143) {
				throw new IllegalStateException(
						"Exit code " + process.exitValue() + ", expected 143 (SIGTERM); see " + log);
			}
			Measurement measurement = new Measurement((readyAt - launched) / 1e6, (exitedAt - readyAt) / 1e6,
					reportedRunMillis(log));
			System.out.printf(Locale.ROOT, "%-6s %-8s run %2d: shutdown %7.1f ms   (startup %6.0f ms%s)%n", kind,
					variant, run, measurement.shutdownMillis(), measurement.startupMillis(),
					(measurement.reportedRunMillis() != null)
							? ", report says " + measurement.reportedRunMillis() + " ms" : "");
			return measurement;
		}
		finally {
			if (process.isAlive()) {
				process.destroyForcibly();
			}
		}
	}

	private static void awaitReady(Process process, Path log) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_SECONDS);
		while (System.nanoTime() < deadline) {
			if (Files.readString(log).contains(READY)) {
				return;
			}
			if (!process.isAlive()) {
				throw new IllegalStateException("Exited before ready; see " + log);
			}
			Thread.sleep(5);
		}
		throw new IllegalStateException("Not ready in " + READY_TIMEOUT_SECONDS + " s; see " + log);
	}

	/**
	 * The run's duration as the starter measured it, from the title of the logged report
	 * ("Orderly shutdown ... in 12 ms of 30 s budget").
	 */
	private static Long reportedRunMillis(Path log) throws IOException {
		Matcher matcher = REPORT_TITLE.matcher(Files.readString(log));
		if (!matcher.find()) {
			return null;
		}
		double value = Double.parseDouble(matcher.group(1));
		return Math.round(matcher.group(2).equals("s") ? value * 1000 : value);
	}

	private static List<Double> shutdownTimes(List<Measurement> measurements) {
		return measurements.stream().map(Measurement::shutdownMillis).toList();
	}

	private static List<Double> startupTimes(List<Measurement> measurements) {
		return measurements.stream().map(Measurement::startupMillis).toList();
	}

	private record Measurement(double startupMillis, double shutdownMillis, Long reportedRunMillis) {
	}

}

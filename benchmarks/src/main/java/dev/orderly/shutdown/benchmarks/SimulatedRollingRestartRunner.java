package dev.orderly.shutdown.benchmarks;

import static dev.orderly.shutdown.benchmarks.KeepAliveLoad.sleepUntil;
import static dev.orderly.shutdown.benchmarks.Settings.setting;
import static dev.orderly.shutdown.benchmarks.Statistics.median;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One instance's rolling restart under keep-alive load behind a simulated health-checking load
 * balancer, side by side per server: the app with the starter ("starter") and the same app
 * without the starter's jar ("plain Boot"). Models what the issue measured with HAProxy: plain
 * Boot stops accepting as soon as readiness goes down, while the balancer still routes to it.
 * <ul>
 * <li>Load ({@link KeepAliveLoad}): {@code BENCH_CLIENTS} keep-alive clients send back to back,
 * every {@code BENCH_SLOW_EVERY}-th request of each {@code /slow?ms=BENCH_SLOW_MS}; a client
 * whose request failed waits {@code BENCH_FAILURE_PAUSE_MS} before its next one, as a client
 * backs off before it retries (without it, a refused client retries in a tight loop and the
 * count says how fast refusals come back, not how long the instance refused traffic);
 * {@code BENCH_LOAD_MS} of load, and at least until every client has had an answer (its
 * keep-alive connection is open), then t0.</li>
 * <li>t0: SIGTERM, in both variants (no {@code preStop} hook).</li>
 * <li>The balancer checks {@code /actuator/health/readiness} every {@code BENCH_CHECK_MS}; once
 * it has seen it down (not 200, or no answer), it goes on routing here for D
 * ({@code BENCH_DELAY_MS}: its next checks taking the instance out and the change reaching
 * every router), then sends nothing more here; requests already sent are awaited.</li>
 * </ul>
 * Measured per run: requests answered (200 with the expected body), failed requests and how
 * they failed (connection refused, reset, closed without a response, timed out, HTTP status),
 * SIGTERM to process exit (exit code 143 checked), and for the starter its drain and web
 * stages as reported. The variants alternate (starter first in odd runs, plain Boot first in
 * even ones), each run in a fresh JVM.
 * <p>
 * Arguments: {@code <runs> <work-dir> <app>=<main-class>|<cp-file-without>|<cp-file-with> ...},
 * an app per server (such as {@code webflux-tomcat}). Settings from the environment:
 * {@code BENCH_CHECK_MS} (200), {@code BENCH_DELAY_MS} (1000), {@code BENCH_CLIENTS} (8),
 * {@code BENCH_SLOW_EVERY} (10), {@code BENCH_SLOW_MS} (300), {@code BENCH_FAILURE_PAUSE_MS}
 * (100), {@code BENCH_LOAD_MS} (3000), {@code BENCH_JAVA_OPTS}, {@code BENCH_APP_ARGS}. Pure JDK.
 */
public final class SimulatedRollingRestartRunner {

	private final Path workDir;

	private final Duration checkInterval = Duration.ofMillis(setting("BENCH_CHECK_MS", 200));

	private final long delayMillis = setting("BENCH_DELAY_MS", 1000);

	private final int clients = (int) setting("BENCH_CLIENTS", 8);

	private final int slowEvery = (int) setting("BENCH_SLOW_EVERY", 10);

	private final long slowMillis = setting("BENCH_SLOW_MS", 300);

	private final long loadMillis = setting("BENCH_LOAD_MS", 3000);

	private final Duration pauseAfterFailure = Duration.ofMillis(setting("BENCH_FAILURE_PAUSE_MS", 100));

	private SimulatedRollingRestartRunner(Path workDir) {
		this.workDir = workDir;
	}

	public static void main(String[] args) throws Exception {
		int runs = Integer.parseInt(args[0]);
		SimulatedRollingRestartRunner runner = new SimulatedRollingRestartRunner(Path.of(args[1]));
		Files.createDirectories(runner.workDir.resolve("logs"));
		System.out.printf(Locale.ROOT,
				"Balancer: readiness checked every %d ms, routing stops %d ms after it is seen down; %d keep-alive "
						+ "clients, every %d-th request /slow?ms=%d, %d ms pause after a failure; %d ms of load before "
						+ "SIGTERM; %d runs per variant%n",
				runner.checkInterval.toMillis(), runner.delayMillis, runner.clients, runner.slowEvery,
				runner.slowMillis, runner.pauseAfterFailure.toMillis(), runner.loadMillis, runs);
		List<String> summary = new ArrayList<>();
		summary.add(String.format(Locale.ROOT, "| %-14s | %-10s | %9s | %-22s | %-27s | %s |", "app (server)", "variant",
				"answered", "failed (per run)", "SIGTERM to exit, median", "how the failed requests failed"));
		summary.add("|---|---|---:|---|---|---|");
		for (String app : Arrays.asList(args).subList(2, args.length)) {
			String[] nameAndRest = app.split("=", 2);
			String[] parts = nameAndRest[1].split("\\|", 3);
			summary.addAll(runner.benchmark(nameAndRest[0], parts[0], Files.readString(Path.of(parts[1])).strip(),
					Files.readString(Path.of(parts[2])).strip(), runs));
		}
		System.out.println();
		System.out.println("=== Summary (" + runs + " runs per variant; readiness checked every "
				+ runner.checkInterval.toMillis() + " ms, D " + runner.delayMillis + " ms) ===");
		summary.forEach(System.out::println);
		try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(runner.workDir.resolve("summary.txt")))) {
			summary.forEach(out::println);
		}
	}

	private List<String> benchmark(String app, String mainClass, String withoutClasspath, String withClasspath,
			int runs) throws Exception {
		System.out.println("--- " + app + " (" + mainClass.substring(mainClass.lastIndexOf('.') + 1) + ")");
		List<Run> starter = new ArrayList<>();
		List<Run> plain = new ArrayList<>();
		for (int run = 1; run <= runs; run++) {
			if (run % 2 == 1) {
				starter.add(run(app, Variant.STARTER, mainClass, withClasspath, run));
				plain.add(run(app, Variant.PLAIN_BOOT, mainClass, withoutClasspath, run));
			}
			else {
				plain.add(run(app, Variant.PLAIN_BOOT, mainClass, withoutClasspath, run));
				starter.add(run(app, Variant.STARTER, mainClass, withClasspath, run));
			}
		}
		return List.of(row(app, Variant.STARTER, starter), row(app, Variant.PLAIN_BOOT, plain));
	}

	private Run run(String app, Variant variant, String mainClass, String classpath, int number) throws Exception {
		Path log = this.workDir.resolve("logs").resolve(app + "-" + variant.fileName + "-" + number + ".log");
		try (AppProcess process = AppProcess.start(mainClass, classpath,
				List.of("--management.endpoint.health.probes.enabled=true",
						"--management.endpoints.web.exposure.include=health"),
				log)) {
			KeepAliveLoad load = new KeepAliveLoad(process.awaitReady(), this.clients, this.slowEvery, this.slowMillis,
					this.checkInterval, this.pauseAfterFailure);
			load.start();
			Thread.sleep(this.loadMillis);
			if (!load.awaitEveryClientAnswered(Duration.ofSeconds(60))) {
				throw new IllegalStateException("Some clients had no answer in 60 s; see " + log);
			}
			long t0 = System.nanoTime();
			load.markT0(t0);
			long[] routingStopped = { -1 };
			Thread balancer = new Thread(() -> {
				try {
					if (load.awaitReadinessDown(Duration.ofSeconds(60))) {
						sleepUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(this.delayMillis));
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				load.stopRouting();
				routingStopped[0] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
			}, "balancer");
			balancer.setDaemon(true);
			balancer.start();
			process.sigterm();
			long exited = process.awaitExit();
			balancer.join();
			load.stop();
			Run run = new Run((exited - t0) / 1e6, load.answered(), load.sentAfterT0(), load.failures().size(),
					load.failureKinds(), process.stages());
			System.out.printf(Locale.ROOT,
					"%-14s %-10s run %d: %6d answered (%d sent after SIGTERM), %4d failed%s; SIGTERM to exit %6.0f ms; "
							+ "readiness seen down at +%d ms, routing stopped at +%d ms%s%n",
					app, variant.label, number, run.answered(), run.sentAfterSigterm(), run.failed(),
					run.failed() == 0 ? "" : " (" + kinds(run.failureKinds()) + ")", run.exitMillis(),
					load.readinessDownMillis(), routingStopped[0],
					run.stages().isEmpty() ? "" : "; " + run.stages());
			load.failures().stream().limit(3).forEach((failure) -> System.out.println("    failed: " + failure));
			return run;
		}
	}

	private static String row(String app, Variant variant, List<Run> runs) {
		List<Double> exitTimes = runs.stream().map(Run::exitMillis).toList();
		Map<String, Long> kinds = new TreeMap<>();
		runs.forEach((run) -> run.failureKinds().forEach((kind, count) -> kinds.merge(kind, count, Long::sum)));
		String failedPerRun = runs.stream().map((run) -> String.valueOf(run.failed())).collect(Collectors.joining(", "));
		return String.format(Locale.ROOT, "| %-14s | %-10s | %9d | %-22s | %-27s | %s |", app, variant.label,
				runs.stream().mapToLong(Run::answered).sum(),
				runs.stream().mapToLong(Run::failed).sum() + " (" + failedPerRun + ")",
				String.format(Locale.ROOT, "%.0f ms (%.0f to %.0f)", median(exitTimes),
						exitTimes.stream().mapToDouble(Double::doubleValue).min().orElse(0),
						exitTimes.stream().mapToDouble(Double::doubleValue).max().orElse(0)),
				kinds.isEmpty() ? "-" : kinds(kinds));
	}

	private static String kinds(Map<String, Long> kinds) {
		return kinds.entrySet()
			.stream()
			.map((kind) -> kind.getKey() + " " + kind.getValue())
			.collect(Collectors.joining(", "));
	}

	private enum Variant {

		STARTER("starter", "starter"), PLAIN_BOOT("plain Boot", "plain-boot");

		private final String label;

		private final String fileName;

		Variant(String label, String fileName) {
			this.label = label;
			this.fileName = fileName;
		}

	}

	private record Run(double exitMillis, long answered, long sentAfterSigterm, int failed,
			Map<String, Long> failureKinds, String stages) {
	}

}

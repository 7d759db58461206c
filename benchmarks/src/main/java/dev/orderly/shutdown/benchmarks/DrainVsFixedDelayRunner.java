package dev.orderly.shutdown.benchmarks;

import static dev.orderly.shutdown.benchmarks.KeepAliveLoad.sleepUntil;
import static dev.orderly.shutdown.benchmarks.Settings.setting;
import static dev.orderly.shutdown.benchmarks.Statistics.median;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Shutdown time under continuous load: the starter's adaptive drain against the usual fixed
 * {@code preStop: sleep 5}, both expected to lose no request. Models a Kubernetes rolling
 * restart of one instance on loopback.
 * <ul>
 * <li>Before t0: {@code clients} keep-alive clients (JDK HttpClient, HTTP/1.1, one per
 * thread) send back to back; every {@code slowEvery}-th request of each is
 * {@code /slow?ms=slowMs}, the others {@code /hello}. A prober checks
 * {@code /actuator/health/readiness} every 200 ms (informational only).</li>
 * <li>t0: the instance starts terminating. The simulated load balancer stops routing to it at
 * t0 + D (endpoint removal reaching the balancer): the clients send no new request from then
 * on; requests already sent are awaited.</li>
 * <li>Variant A ("adaptive"): the app with the starter, its defaults (quiet period 1 s, max
 * delay 5 s); SIGTERM at t0.</li>
 * <li>Variant B ("fixed-delay"): the same app without the starter (Boot's own graceful
 * shutdown); the preStop hook sleeps, SIGTERM at t0 + preStop.</li>
 * </ul>
 * Measured: t0 to process exit, and every failed request (exception, or not 200 with the
 * expected body). Variants alternate A B, B A, ...
 * <p>
 * Arguments: {@code <runs> <work-dir> <cp-file-without> <cp-file-with>}. Settings from the
 * environment: {@code BENCH_DELAY_MS} (D, default 1000), {@code BENCH_PRESTOP_MS} (5000),
 * {@code BENCH_CLIENTS} (8), {@code BENCH_SLOW_EVERY} (10), {@code BENCH_SLOW_MS} (300),
 * {@code BENCH_LOAD_MS} (load before t0, 3000), {@code BENCH_JAVA_OPTS},
 * {@code BENCH_APP_ARGS}. Pure JDK.
 */
public final class DrainVsFixedDelayRunner {

	private static final String APPLICATION_CLASS = "dev.orderly.shutdown.benchmarks.HelloApplication";

	/** How often the prober checks readiness (informational here: routing stops at t0 + D). */
	private static final Duration PROBE_INTERVAL = Duration.ofMillis(200);

	private final Path workDir;

	private final long delayMillis = setting("BENCH_DELAY_MS", 1000);

	private final long preStopMillis = setting("BENCH_PRESTOP_MS", 5000);

	private final int clients = (int) setting("BENCH_CLIENTS", 8);

	private final int slowEvery = (int) setting("BENCH_SLOW_EVERY", 10);

	private final long slowMillis = setting("BENCH_SLOW_MS", 300);

	private final long loadMillis = setting("BENCH_LOAD_MS", 3000);

	private DrainVsFixedDelayRunner(Path workDir) {
		this.workDir = workDir;
	}

	public static void main(String[] args) throws Exception {
		int runs = Integer.parseInt(args[0]);
		DrainVsFixedDelayRunner runner = new DrainVsFixedDelayRunner(Path.of(args[1]));
		String withoutClasspath = Files.readString(Path.of(args[2])).strip();
		String withClasspath = Files.readString(Path.of(args[3])).strip();
		Files.createDirectories(runner.workDir.resolve("logs"));
		System.out.printf(Locale.ROOT,
				"D (routing stops at t0 + D) %d ms; preStop sleep %d ms; %d keep-alive clients, every %d-th request "
						+ "/slow?ms=%d; %d ms of load before t0; %d runs per variant%n",
				runner.delayMillis, runner.preStopMillis, runner.clients, runner.slowEvery, runner.slowMillis,
				runner.loadMillis, runs);
		List<Run> adaptive = new ArrayList<>();
		List<Run> fixed = new ArrayList<>();
		for (int run = 1; run <= runs; run++) {
			if (run % 2 == 1) {
				adaptive.add(runner.run(Variant.ADAPTIVE, withClasspath, run));
				fixed.add(runner.run(Variant.FIXED_DELAY, withoutClasspath, run));
			}
			else {
				fixed.add(runner.run(Variant.FIXED_DELAY, withoutClasspath, run));
				adaptive.add(runner.run(Variant.ADAPTIVE, withClasspath, run));
			}
		}
		List<String> summary = new ArrayList<>();
		summary.add(String.format(Locale.ROOT, "%-34s %8s %8s %8s %9s %9s", "variant (t0 to exit, ms)", "median",
				"min", "max", "requests", "failed"));
		summary.add(row("A adaptive drain (starter)", adaptive));
		summary.add(row("B preStop sleep " + runner.preStopMillis + " ms, no starter", fixed));
		double ratio = median(exitTimes(adaptive)) / median(exitTimes(fixed));
		summary.add(String.format(Locale.ROOT, "ratio of the medians A/B: %.3f; failed requests: A %d, B %d", ratio,
				failed(adaptive), failed(fixed)));
		List<String> drains = adaptive.stream().map((run) -> run.stages().replaceFirst(" \\(.*", "")).toList();
		summary.add("A's drain stage, as reported per run: " + String.join(", ", drains));
		System.out.println();
		System.out.println("=== Summary (" + runs + " runs per variant, D " + runner.delayMillis + " ms) ===");
		summary.forEach(System.out::println);
		try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(runner.workDir.resolve("summary.txt")))) {
			summary.forEach(out::println);
		}
	}

	private Run run(Variant variant, String classpath, int number) throws Exception {
		Path log = this.workDir.resolve("logs").resolve(variant.label + "-" + number + ".log");
		try (AppProcess app = AppProcess.start(APPLICATION_CLASS, classpath,
				List.of("--management.endpoint.health.probes.enabled=true",
						"--management.endpoints.web.exposure.include=health"),
				log)) {
			KeepAliveLoad load = new KeepAliveLoad(app.awaitReady(), this.clients, this.slowEvery, this.slowMillis,
					PROBE_INTERVAL, Duration.ZERO);
			load.start();
			Thread.sleep(this.loadMillis);
			long t0 = System.nanoTime();
			load.markT0(t0);
			Thread balancer = new Thread(() -> {
				sleepUntil(t0 + TimeUnit.MILLISECONDS.toNanos(this.delayMillis));
				load.stopRouting();
			}, "balancer");
			balancer.start();
			if (variant == Variant.FIXED_DELAY) {
				sleepUntil(t0 + TimeUnit.MILLISECONDS.toNanos(this.preStopMillis)); // the preStop hook
			}
			app.sigterm();
			long exited = app.awaitExit();
			balancer.join();
			load.stop();
			Run run = new Run((exited - t0) / 1e6, load.sent(), load.sentAfterT0(), load.failures(),
					load.readinessDownMillis(), app.stages());
			System.out.printf(Locale.ROOT,
					"%-11s run %d: t0 to exit %7.1f ms; %6d requests (%d after t0), %d failed; "
							+ "readiness down seen at %s%s%n",
					variant.label, number, run.exitMillis(), run.requests(), run.requestsAfterT0(),
					run.failures().size(),
					(run.readinessDownMillis() < 0) ? "(not before exit)" : "t0+" + run.readinessDownMillis() + " ms",
					run.stages().isEmpty() ? "" : "; " + run.stages());
			run.failures().stream().limit(5).forEach((failure) -> System.out.println("    failed: " + failure));
			return run;
		}
	}

	private static String row(String name, List<Run> runs) {
		List<Double> times = exitTimes(runs);
		return String.format(Locale.ROOT, "%-34s %8.1f %8.1f %8.1f %9d %9d", name, median(times),
				times.stream().mapToDouble(Double::doubleValue).min().orElse(0),
				times.stream().mapToDouble(Double::doubleValue).max().orElse(0),
				runs.stream().mapToLong(Run::requests).sum(), failed(runs));
	}

	private static long failed(List<Run> runs) {
		return runs.stream().mapToLong((run) -> run.failures().size()).sum();
	}

	private static List<Double> exitTimes(List<Run> runs) {
		return runs.stream().map(Run::exitMillis).toList();
	}

	private enum Variant {

		ADAPTIVE("A-adaptive"), FIXED_DELAY("B-fixed");

		private final String label;

		Variant(String label) {
			this.label = label;
		}

	}

	private record Run(double exitMillis, long requests, long requestsAfterT0, List<KeepAliveLoad.Failure> failures,
			long readinessDownMillis, String stages) {
	}

}

package dev.orderly.shutdown.benchmarks;

import static dev.orderly.shutdown.benchmarks.Statistics.median;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

	private static final Pattern READY = Pattern.compile("BENCHMARK-APP READY port=(\\d+)");

	/** A line of the starter's report table, such as "drain  completed  1.71 s  5 s  traffic stopped; ...". */
	private static final Pattern STAGE_LINE = Pattern.compile("(?m)^\\s+(drain|web)\\s+(\\w+)\\s+([0-9.]+ m?s)\\s+\\S+ m?s\\s+(.*)$");

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

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
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(words("BENCH_JAVA_OPTS"));
		command.addAll(List.of("-cp", classpath, APPLICATION_CLASS, "--spring.main.banner-mode=off",
				"--server.address=127.0.0.1", "--server.port=0", "--management.endpoint.health.probes.enabled=true",
				"--management.endpoints.web.exposure.include=health"));
		command.addAll(words("BENCH_APP_ARGS"));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			URI base = URI.create("http://127.0.0.1:" + awaitReady(process, log));
			Load load = new Load(base);
			load.start();
			Thread.sleep(this.loadMillis);
			long t0 = System.nanoTime();
			load.t0 = t0;
			Thread balancer = new Thread(() -> {
				sleepUntil(t0 + TimeUnit.MILLISECONDS.toNanos(this.delayMillis));
				load.routed = false;
			}, "balancer");
			balancer.start();
			if (variant == Variant.FIXED_DELAY) {
				sleepUntil(t0 + TimeUnit.MILLISECONDS.toNanos(this.preStopMillis)); // the preStop hook
			}
			process.destroy(); // SIGTERM
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Did not exit in 60 s; see " + log);
			}
			long exited = System.nanoTime();
			balancer.join();
			load.stop();
			if (process.exitValue() != 143) {
				throw new IllegalStateException("Exit code " + process.exitValue() + ", expected 143; see " + log);
			}
			String output = Files.readString(log);
			Run run = new Run((exited - t0) / 1e6, load.sent.get(), load.sentAfterT0.get(), List.copyOf(load.failures),
					load.readinessDownMillis, stages(output));
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
		finally {
			if (process.isAlive()) {
				process.destroyForcibly();
			}
		}
	}

	/** The keep-alive clients and the readiness prober of one run. */
	private final class Load {

		private final URI base;

		private final List<Thread> threads = new ArrayList<>();

		private final AtomicLong sent = new AtomicLong();

		private final AtomicLong sentAfterT0 = new AtomicLong();

		private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

		private volatile boolean routed = true;

		private volatile boolean probing = true;

		private volatile long t0 = Long.MAX_VALUE;

		private volatile long readinessDownMillis = -1;

		Load(URI base) {
			this.base = base;
		}

		void start() {
			for (int i = 0; i < DrainVsFixedDelayRunner.this.clients; i++) {
				this.threads.add(new Thread(this::client, "client-" + i));
			}
			this.threads.add(new Thread(this::prober, "prober"));
			this.threads.forEach(Thread::start);
		}

		void stop() throws InterruptedException {
			this.routed = false;
			this.probing = false;
			for (Thread thread : this.threads) {
				thread.join(REQUEST_TIMEOUT.toMillis() + 5000);
			}
		}

		/** Sends requests back to back on its keep-alive connection while the balancer routes here. */
		private void client() {
			HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
			long count = 0;
			while (this.routed) {
				boolean slow = ++count % DrainVsFixedDelayRunner.this.slowEvery == 0;
				String path = slow ? "/slow?ms=" + DrainVsFixedDelayRunner.this.slowMillis : "/hello";
				String expected = slow ? "slow " + DrainVsFixedDelayRunner.this.slowMillis : "hello";
				long started = System.nanoTime();
				this.sent.incrementAndGet();
				if (started >= this.t0) {
					this.sentAfterT0.incrementAndGet();
				}
				try {
					HttpResponse<String> response = client.send(
							HttpRequest.newBuilder(this.base.resolve(path)).timeout(REQUEST_TIMEOUT).build(),
							HttpResponse.BodyHandlers.ofString());
					if (response.statusCode() != 200 || !expected.equals(response.body())) {
						fail(started, path + " -> " + response.statusCode() + " " + response.body());
					}
				}
				catch (IOException | InterruptedException ex) {
					fail(started, path + " -> " + ex);
				}
			}
		}

		private void fail(long started, String what) {
			this.failures.add(String.format(Locale.ROOT, "sent at t0%+.0f ms: %s", (started - this.t0) / 1e6, what));
		}

		/** Health-checks readiness; notes when it is first seen down after t0. */
		private void prober() {
			HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
			while (this.probing) {
				int status;
				try {
					status = client.send(HttpRequest.newBuilder(this.base.resolve("/actuator/health/readiness"))
						.timeout(Duration.ofSeconds(2))
						.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
				}
				catch (IOException | InterruptedException ex) {
					status = -1;
				}
				long now = System.nanoTime();
				if (status != 200 && now >= this.t0 && this.readinessDownMillis < 0) {
					this.readinessDownMillis = TimeUnit.NANOSECONDS.toMillis(now - this.t0);
				}
				sleepUntil(now + TimeUnit.MILLISECONDS.toNanos(200));
			}
		}

	}

	private static int awaitReady(Process process, Path log) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
		while (System.nanoTime() < deadline) {
			Matcher ready = READY.matcher(Files.readString(log));
			if (ready.find()) {
				return Integer.parseInt(ready.group(1));
			}
			if (!process.isAlive()) {
				throw new IllegalStateException("Exited before ready; see " + log);
			}
			Thread.sleep(10);
		}
		throw new IllegalStateException("Not ready in 120 s; see " + log);
	}

	/** The drain and web lines of the starter's logged report, condensed. */
	private static String stages(String output) {
		List<String> stages = new ArrayList<>();
		Matcher line = STAGE_LINE.matcher(output);
		while (line.find()) {
			stages.add(line.group(1) + " " + line.group(2) + " " + line.group(3) + " (" + line.group(4).strip() + ")");
		}
		return String.join(", ", stages);
	}

	private static void sleepUntil(long nanoTime) {
		long remaining;
		while ((remaining = nanoTime - System.nanoTime()) > 0) {
			try {
				TimeUnit.NANOSECONDS.sleep(remaining);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
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

	private static long setting(String environmentVariable, long defaultValue) {
		String value = System.getenv(environmentVariable);
		return (value == null || value.isBlank()) ? defaultValue : Long.parseLong(value.strip());
	}

	private static List<String> words(String environmentVariable) {
		String value = System.getenv().getOrDefault(environmentVariable, "").trim();
		return value.isEmpty() ? List.of() : List.of(value.split("\\s+"));
	}

	private enum Variant {

		ADAPTIVE("A-adaptive"), FIXED_DELAY("B-fixed");

		private final String label;

		Variant(String label) {
			this.label = label;
		}

	}

	private record Run(double exitMillis, long requests, long requestsAfterT0, List<String> failures,
			long readinessDownMillis, String stages) {
	}

}

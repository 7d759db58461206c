import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.orderly.shutdown.benchmarks.AppProcess;

/**
 * The drain benchmark behind a real HAProxy (issue 13): how close each variant's wait comes to
 * the moment the balancer stops routing (overshoot), how long a shutdown takes (start of the
 * termination to exit), and what it costs (failed requests), per traffic shape. Driven by
 * {@code benchmarks/drain-vs-fixed-delay.sh haproxy}; compiled with {@code javac} together with
 * {@link RollingRestartRunner}, whose HAProxy, health monitor and open-loop load it uses, against
 * the benchmarks' classes ({@code AppProcess}).
 * <p>
 * Two instances of {@code HelloApplication} (webmvc on Tomcat, with the actuator) behind HAProxy,
 * which checks {@code /actuator/health/readiness} every 500 ms ({@code fall 2 rise 2}). app2, the
 * survivor, runs for the whole benchmark; app1, the victim, is a fresh JVM per run: it comes UP,
 * takes its half of the load for {@code BENCH_WARMUP_MS}, then is shut down (t0), and the load
 * goes on until {@code BENCH_TAIL_MS} after it exited. Per run the victim writes the starter's
 * report file and a Tomcat access log (unbuffered, the begin time of every request in epoch ms).
 * <p>
 * Measured per run (per instance):
 * <ul>
 * <li><b>overshoot</b>: from the last application request the victim received to the end of its
 * wait. As the starter reports it (the drain stage's {@code overshoot-ms} count in the report
 * file), and as computed here: drain end ({@code started + duration_ms} of the drain's
 * {@code stage_finished} line) minus the begin time of the access log's last non-actuator
 * request. For plain Boot the wait ends with the preStop sleep, at SIGTERM.</li>
 * <li><b>shutdown</b>: t0 to process exit (exit code 143 checked). For the starter t0 is the
 * SIGTERM; for the fixed delay it is the start of the preStop sleep.</li>
 * <li><b>failed requests</b>: every request of the load that failed (not 2xx, reset, closed,
 * timed out) during the run.</li>
 * </ul>
 * Arguments: {@code <runs | smoke> <work-dir> <cp-file-without> <cp-file-with>}. Settings:
 * {@code BENCH_TRAFFIC} and {@code BENCH_VARIANTS} (comma-separated names, default all),
 * {@code BENCH_BASE_PORT} (18180: HAProxy; apps on the next two ports), {@code BENCH_WARMUP_MS}
 * (3000), {@code BENCH_TAIL_MS} (1000), {@code BENCH_PRESTOP_MS} (5000), {@code BENCH_INTER}
 * (500ms), and the app's {@code BENCH_JAVA_OPTS} and {@code BENCH_APP_ARGS}.
 */
public final class DrainMatrixRunner {

	static final String APPLICATION_CLASS = "dev.orderly.shutdown.benchmarks.HelloApplication";

	/** The readiness group's path, which the balancer checks (the drain does not count it as traffic). */
	static final String READINESS = "/actuator/health/readiness";

	static final Pattern DRAIN_FINISHED = Pattern.compile(
			"\"event\":\"stage_finished\".*\"stage\":\"drain\",\"started\":\"([^\"]+)\",\"duration_ms\":(\\d+).*\"counts\":\\{([^}]*)\\}");

	static final Pattern OVERSHOOT_COUNT = Pattern.compile("\"[^\"]*overshoot[^\"]*\":(-?\\d+)");

	static final int BASE_PORT = Integer.parseInt(RollingRestartRunner.env("BENCH_BASE_PORT", "18180"));

	static final long WARMUP_MS = Long.parseLong(RollingRestartRunner.env("BENCH_WARMUP_MS", "3000"));

	static final long TAIL_MS = Long.parseLong(RollingRestartRunner.env("BENCH_TAIL_MS", "1000"));

	static final long PRESTOP_MS = Long.parseLong(RollingRestartRunner.env("BENCH_PRESTOP_MS", "5000"));

	static final String INTER = RollingRestartRunner.env("BENCH_INTER", "500ms");

	/** The instances started, stopped by a shutdown hook if the runner is interrupted. */
	static final List<AppProcess> INSTANCES = Collections.synchronizedList(new ArrayList<>());

	/** The load's shapes. Rates are per instance: the balancer gets twice as much, for 2 instances. */
	enum Traffic {

		STEADY_50("steady-50", "steady 50/s per instance, keep-alive", RollingRestartRunner.Load.steady(100), false),

		STEADY_200("steady-200", "steady 200/s per instance, keep-alive", RollingRestartRunner.Load.steady(400),
				false),

		SPARSE("sparse", "2/s per instance, each on a new connection", RollingRestartRunner.Load.steady(4), true),

		BURSTY("bursty", "bursts of 50 per instance (100 in 50 ms at the balancer), 400 ms pauses",
				bursts(100, TimeUnit.MICROSECONDS.toNanos(500), TimeUnit.MILLISECONDS.toNanos(400)), false);

		final String label;

		final String description;

		final LongUnaryOperator schedule;

		final boolean newConnections;

		Traffic(String label, String description, LongUnaryOperator schedule, boolean newConnections) {
			this.label = label;
			this.description = description;
			this.schedule = schedule;
			this.newConnections = newConnections;
		}

		/** {@code size} requests {@code spacing} apart, then a pause of {@code pause}, again and again. */
		static LongUnaryOperator bursts(int size, long spacing, long pause) {
			long period = (size - 1) * spacing + pause;
			return (i) -> (i / size) * period + (i % size) * spacing;
		}

	}

	/** What is shut down, and how. */
	enum Variant {

		/** Plain Boot (no starter), the usual preStop sleep after endpoint removal, then SIGTERM. */
		FIXED_5S("fixed-5s", "plain Boot: out of rotation, preStop sleep, then SIGTERM", false, List.of()),

		/** The starter with the rule before issue 13: a fixed 1 s of silence (floor = ceiling). */
		FIXED_1S("fixed-1s", "starter, fixed 1 s quiet period (min-quiet-period=1s): SIGTERM", true,
				List.of("--orderly.shutdown.drain.min-quiet-period=1s")),

		/** The starter with its defaults: the adaptive quiet rule. */
		ADAPTIVE("adaptive", "starter, defaults (adaptive quiet period): SIGTERM", true, List.of()),

		/** The adaptive rule plus the balancer's failed readiness checks as a signal. */
		THRESHOLD("adaptive+threshold", "starter, adaptive + balancer-failure-threshold=2: SIGTERM", true,
				List.of("--orderly.shutdown.drain.balancer-failure-threshold=2"));

		final String label;

		final String description;

		final boolean starter;

		final List<String> arguments;

		Variant(String label, String description, boolean starter, List<String> arguments) {
			this.label = label;
			this.description = description;
			this.starter = starter;
			this.arguments = arguments;
		}

	}

	/** One shutdown of the victim. */
	record Run(Traffic traffic, Variant variant, int number, long shutdownMs, long sigtermToExitMs,
			Long reportedOvershootMs, Long measuredOvershootMs, long failed, Map<String, Integer> failureKinds,
			Map<String, Integer> failuresByServer, long victimRequestsAfterT0, String drain, String load,
			long othersCpuPercent) {

		/** The starter's own number where it reports one, else the one measured here. */
		Long overshootMs() {
			return (this.reportedOvershootMs != null) ? this.reportedOvershootMs : this.measuredOvershootMs;
		}

	}

	final Path out;

	final String withoutClasspath;

	final String withClasspath;

	final RollingRestartRunner.Haproxy haproxy;

	final RollingRestartRunner.Monitor monitor;

	DrainMatrixRunner(Path out, String withoutClasspath, String withClasspath, RollingRestartRunner.Haproxy haproxy,
			RollingRestartRunner.Monitor monitor) {
		this.out = out;
		this.withoutClasspath = withoutClasspath;
		this.withClasspath = withClasspath;
		this.haproxy = haproxy;
		this.monitor = monitor;
	}

	public static void main(String[] args) throws Exception {
		boolean smoke = args[0].equals("smoke");
		int runs = smoke ? 1 : Integer.parseInt(args[0]);
		Path out = Path.of(args[1]).toAbsolutePath();
		List<Traffic> traffics = selected(Traffic.values(), "BENCH_TRAFFIC", smoke ? "steady-200" : "",
				(traffic) -> traffic.label);
		List<Variant> variants = selected(Variant.values(), "BENCH_VARIANTS", smoke ? "fixed-5s,adaptive" : "",
				(variant) -> variant.label);
		Files.createDirectories(out.resolve("runs"));
		// Interrupted (Ctrl-C, or SIGTERM from a timeout): stop HAProxy and the instances, and only them.
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			synchronized (INSTANCES) {
				INSTANCES.forEach(AppProcess::close);
			}
			synchronized (RollingRestartRunner.CHILDREN) {
				RollingRestartRunner.CHILDREN.forEach(Process::destroy);
			}
		}));
		Path socket = out.resolve("haproxy.sock");
		Path config = RollingRestartRunner.haproxyConfig(out, socket, BASE_PORT, READINESS, INTER);
		RollingRestartRunner.Haproxy haproxy = new RollingRestartRunner.Haproxy(config, socket,
				out.resolve("haproxy.log"));
		List<String> header = List.of(
				"Drain behind HAProxy (" + RollingRestartRunner.haproxyVersion() + "): GET " + READINESS + " every "
						+ INTER + ", fall " + RollingRestartRunner.FALL + " rise " + RollingRestartRunner.RISE
						+ "; 2 instances of HelloApplication (GET /hello), round robin",
				"Machine: " + RollingRestartRunner.machine(),
				String.format(Locale.ROOT,
						"%s; %d run(s) per cell; per run: victim UP, %d ms of load, t0, exit, %d ms more load; "
								+ "fixed delay %d ms",
						smoke ? "SMOKE run (proves the script, measures nothing)" : "matrix", runs, WARMUP_MS,
						TAIL_MS, PRESTOP_MS));
		header.forEach(System.out::println);
		haproxy.start();
		RollingRestartRunner.Monitor monitor = new RollingRestartRunner.Monitor(haproxy, List.of("app1", "app2"));
		monitor.start();
		List<Run> results = new ArrayList<>();
		try (AppProcess survivor = started(AppProcess.start(APPLICATION_CLASS, readClasspath(args[3]), BASE_PORT + 2,
				appArguments(out.resolve("survivor"), "app2", Variant.ADAPTIVE), logFile(out, "survivor")))) {
			survivor.awaitReady();
			RollingRestartRunner.waitFor("the survivor (app2) UP in HAProxy", 60_000, () -> monitor.isUp("app2"));
			DrainMatrixRunner runner = new DrainMatrixRunner(out, readClasspath(args[2]), readClasspath(args[3]),
					haproxy, monitor);
			int number = 0;
			for (int round = 0; round < runs; round++) {
				for (Traffic traffic : traffics) {
					// the variants take turns going first
					for (int i = 0; i < variants.size(); i++) {
						Variant variant = variants.get((i + round) % variants.size());
						results.add(runner.run(traffic, variant, ++number));
					}
				}
			}
			survivor.sigterm();
			survivor.awaitExit();
		}
		finally {
			monitor.stopIt();
			haproxy.stop();
		}
		List<String> summary = new ArrayList<>(header);
		summary.add("");
		summary.addAll(table(results, traffics, variants));
		summary.add("");
		summary.add("Per run:");
		results.forEach((run) -> summary.add("  " + line(run)));
		Files.write(out.resolve("summary.txt"), summary);
		Files.write(out.resolve("results.csv"), csv(results));
		System.out.println();
		table(results, traffics, variants).forEach(System.out::println);
	}

	Run run(Traffic traffic, Variant variant, int number) throws Exception {
		Path dir = this.out.resolve("runs")
			.resolve(String.format(Locale.ROOT, "%02d-%s-%s", number, traffic.label, variant.label));
		Files.createDirectories(dir);
		RollingRestartRunner.Timeline timeline = new RollingRestartRunner.Timeline(dir.resolve("timeline.log"));
		timeline.event("run " + number + ": " + traffic.label + " (" + traffic.description + "), " + variant.label
				+ " (" + variant.description + "); load average " + RollingRestartRunner.loadAverage());
		RollingRestartRunner.waitFor("app1 DOWN in HAProxy before its start", 30_000, () -> !this.monitor.isUp("app1"));
		long before = System.nanoTime();
		int haproxyLogStart = this.haproxy.lines.size();
		// CPU used by processes this runner did not start: the noise the run was measured under
		RollingRestartRunner.Neighbours neighbours = new RollingRestartRunner.Neighbours();
		neighbours.start();
		RollingRestartRunner.Load load = null;
		try (AppProcess victim = started(AppProcess.start(APPLICATION_CLASS,
				variant.starter ? this.withClasspath : this.withoutClasspath, BASE_PORT + 1,
				appArguments(dir, "app1", variant), dir.resolve("app1.log")))) {
			victim.awaitReady();
			RollingRestartRunner.waitFor("app1 UP in HAProxy", 60_000, () -> this.monitor.upSince("app1", before));
			timeline.event("app1 UP in HAProxy; load starts");
			load = new RollingRestartRunner.Load(BASE_PORT, timeline, traffic.schedule, traffic.newConnections,
					"/hello", 0);
			load.start();
			Thread.sleep(WARMUP_MS);
			long t0 = System.nanoTime();
			long t0Epoch = System.currentTimeMillis();
			if (!variant.starter) {
				// What endpoint removal does on Kubernetes while the preStop hook sleeps: out of rotation.
				this.haproxy.command("set server " + RollingRestartRunner.BACKEND + "/app1 state drain");
				timeline.event("app1: set server state drain; preStop sleep " + PRESTOP_MS + " ms");
				Thread.sleep(Math.max(0, PRESTOP_MS - RollingRestartRunner.ms(System.nanoTime() - t0)));
			}
			long sigterm = System.nanoTime();
			long sigtermEpoch = System.currentTimeMillis();
			timeline.event("app1: SIGTERM");
			victim.sigterm();
			long exited = victim.awaitExit();
			timeline.event("app1: exited after " + RollingRestartRunner.ms(exited - t0) + " ms");
			Thread.sleep(TAIL_MS);
			load.stop();
			List<Long> arrivals = applicationArrivals(dir.resolve("access"));
			Overshoot overshoot = Overshoot.of(dir.resolve("app1-shutdown-report.jsonl"), arrivals, sigtermEpoch);
			long afterT0 = arrivals.stream().filter((arrival) -> arrival >= t0Epoch).count();
			List<String> haproxyLines = this.haproxy.linesFrom(haproxyLogStart);
			Files.write(dir.resolve("haproxy.log"), haproxyLines);
			neighbours.stopIt();
			long others = Math.round(100 * neighbours.cpuSeconds() / ((System.nanoTime() - neighbours.startNanos) / 1e9
					* Runtime.getRuntime().availableProcessors()));
			Run run = new Run(traffic, variant, number, RollingRestartRunner.ms(exited - t0),
					RollingRestartRunner.ms(exited - sigterm), overshoot.reported(), overshoot.measured(),
					load.failures.size(), load.failuresByKind(), failuresByServer(haproxyLines), afterT0,
					variant.starter ? victim.stages() : "", RollingRestartRunner.loadAverage(), others);
			timeline.event(line(run));
			timeline.close();
			System.out.println(line(run));
			return run;
		}
		finally {
			neighbours.stopIt();
			if (load != null) {
				load.stop();
			}
			if (!variant.starter) {
				// back in rotation for the next run's instance, once its checks pass
				this.haproxy.commandQuietly("set server " + RollingRestartRunner.BACKEND + "/app1 state ready");
			}
		}
	}

	static AppProcess started(AppProcess instance) {
		INSTANCES.add(instance);
		return instance;
	}

	/** An instance's arguments: probes, its report file, and an unbuffered access log with begin times. */
	static List<String> appArguments(Path dir, String name, Variant variant) {
		List<String> arguments = new ArrayList<>(List.of("--management.endpoint.health.probes.enabled=true",
				"--management.endpoints.web.exposure.include=health",
				"--orderly.shutdown.report.file=" + dir.resolve(name + "-shutdown-report.jsonl"),
				"--server.tomcat.accesslog.enabled=true", "--server.tomcat.accesslog.directory=" + dir.resolve("access"),
				"--server.tomcat.accesslog.buffered=false", "--server.tomcat.accesslog.rotate=false",
				"--server.tomcat.accesslog.pattern=%{begin:msec}t %s %U"));
		arguments.addAll(variant.arguments);
		return arguments;
	}

	/** When each application request (not the actuator's) began, in epoch ms, from the access log. */
	static List<Long> applicationArrivals(Path accessLogs) throws IOException {
		List<Long> arrivals = new ArrayList<>();
		if (!Files.isDirectory(accessLogs)) {
			return arrivals;
		}
		try (Stream<Path> files = Files.list(accessLogs)) {
			for (Path file : files.toList()) {
				for (String line : Files.readAllLines(file)) {
					String[] fields = line.split(" ");
					if (fields.length == 3 && !fields[2].startsWith("/actuator")) {
						arrivals.add(Long.parseLong(fields[0]));
					}
				}
			}
		}
		return arrivals;
	}

	/**
	 * The requests HAProxy logged as failed, by server: app1 (the victim), app2 (the survivor), or
	 * {@code <NOSRV>} (no server UP: the survivor failed its checks too, a machine too loaded).
	 */
	static Map<String, Integer> failuresByServer(List<String> haproxyLines) {
		Map<String, Integer> servers = new LinkedHashMap<>();
		for (String line : haproxyLines) {
			Matcher failure = RollingRestartRunner.HAPROXY_FAILURE.matcher(line.substring(line.indexOf(' ') + 1));
			if (failure.find()) {
				servers.merge(failure.group(2), 1, Integer::sum);
			}
		}
		return servers;
	}

	/**
	 * From the last application request to the end of the wait, in ms: as the drain reported it
	 * ({@code overshoot-ms} in its report file), and as measured here (the drain's end from the
	 * report file, or without a drain SIGTERM, minus the access log's last request); null where
	 * unknown.
	 */
	record Overshoot(Long reported, Long measured) {

		static Overshoot of(Path report, List<Long> arrivals, long sigtermEpoch) throws IOException {
			OptionalLong last = arrivals.stream().mapToLong(Long::longValue).max();
			Matcher drain = drainFinished(report);
			if (drain == null) {
				return new Overshoot(null, last.isPresent() ? sigtermEpoch - last.getAsLong() : null);
			}
			long drainEnd = Instant.parse(drain.group(1)).toEpochMilli() + Long.parseLong(drain.group(2));
			Matcher count = OVERSHOOT_COUNT.matcher(drain.group(3));
			return new Overshoot(count.find() ? Long.valueOf(count.group(1)) : null,
					last.isPresent() ? drainEnd - last.getAsLong() : null);
		}

		/** The drain's stage_finished line of the report file, matched; null without one. */
		private static Matcher drainFinished(Path report) throws IOException {
			if (!Files.exists(report)) {
				return null;
			}
			Matcher last = null;
			for (String line : Files.readAllLines(report)) {
				Matcher finished = DRAIN_FINISHED.matcher(line);
				if (finished.find()) {
					last = finished;
				}
			}
			return last;
		}

	}

	static String line(Run run) {
		return String.format(Locale.ROOT,
				"run %2d %-10s %-18s: t0 -> exit %5d ms (SIGTERM -> exit %5d ms); overshoot reported %s, measured %s; "
						+ "%d failed %s (HAProxy's log, by server: %s); victim served %d requests after t0; %s; load %s; "
						+ "other processes %d%% of the CPUs",
				run.number(), run.traffic().label, run.variant().label, run.shutdownMs(), run.sigtermToExitMs(),
				msOrDash(run.reportedOvershootMs()), msOrDash(run.measuredOvershootMs()), run.failed(),
				run.failureKinds(), run.failuresByServer(), run.victimRequestsAfterT0(), run.drain().isEmpty() ? "no drain" : run.drain(),
				run.load(), run.othersCpuPercent());
	}

	/** One row per run, for tables of one's own. */
	static List<String> csv(List<Run> results) {
		List<String> rows = new ArrayList<>();
		rows.add("run,traffic,variant,t0_to_exit_ms,sigterm_to_exit_ms,overshoot_reported_ms,overshoot_measured_ms,"
				+ "failed,no_server_failed,victim_requests_after_t0,other_processes_cpu_percent");
		for (Run run : results) {
			rows.add(String.join(",", Integer.toString(run.number()), run.traffic().label, run.variant().label,
					Long.toString(run.shutdownMs()), Long.toString(run.sigtermToExitMs()),
					String.valueOf(run.reportedOvershootMs()).replace("null", ""),
					String.valueOf(run.measuredOvershootMs()).replace("null", ""), Long.toString(run.failed()),
					Integer.toString(run.failuresByServer().getOrDefault("<NOSRV>", 0)),
					Long.toString(run.victimRequestsAfterT0()), Long.toString(run.othersCpuPercent())));
		}
		return rows;
	}

	/** One Markdown row per traffic and variant, medians over the runs of the cell. */
	static List<String> table(List<Run> results, List<Traffic> traffics, List<Variant> variants) {
		List<String> rows = new ArrayList<>();
		rows.add("| traffic | variant | runs | overshoot, median (min-max) | overshoot measured here (cross-check), median "
				+ "| t0 -> exit, median (min-max) | x fixed-5s | SIGTERM -> exit, median "
				+ "| failed requests (of them: no server UP) | issue 13 goals missed | other processes' CPU share, max |");
		rows.add("|---|---|---|---|---|---|---|---|---|---|---|");
		for (Traffic traffic : traffics) {
			Map<Variant, List<Run>> cells = new LinkedHashMap<>();
			for (Variant variant : variants) {
				cells.put(variant, results.stream()
					.filter((run) -> run.traffic() == traffic && run.variant() == variant)
					.toList());
			}
			List<Run> fixed = cells.getOrDefault(Variant.FIXED_5S, List.of());
			Long fixedMedian = fixed.isEmpty() ? null : RollingRestartRunner.medianOf(shutdowns(fixed));
			for (Map.Entry<Variant, List<Run>> cell : cells.entrySet()) {
				List<Run> runs = cell.getValue();
				if (runs.isEmpty()) {
					continue;
				}
				List<Long> overshoots = runs.stream().map(Run::overshootMs).filter((ms) -> ms != null).toList();
				List<Long> measured = runs.stream()
					.map(Run::measuredOvershootMs)
					.filter((ms) -> ms != null)
					.toList();
				boolean reported = runs.stream().allMatch((run) -> run.reportedOvershootMs() != null);
				List<Long> shutdowns = shutdowns(runs);
				long median = RollingRestartRunner.medianOf(shutdowns);
				Double ratio = (fixedMedian == null) ? null : (double) median / fixedMedian;
				long failed = runs.stream().mapToLong(Run::failed).sum();
				long noServer = runs.stream().mapToLong((run) -> run.failuresByServer().getOrDefault("<NOSRV>", 0)).sum();
				rows.add(String.format(Locale.ROOT, "| %s | %s | %d | %s%s | %s | %d ms (%d-%d) | %s | %d ms | %d (%d) | %s | %d%% |",
						traffic.label, cell.getKey().label, runs.size(), spread(overshoots),
						(reported || overshoots.isEmpty()) ? "" : " (measured)",
						measured.isEmpty() ? "-" : RollingRestartRunner.medianOf(measured) + " ms", median,
						Collections.min(shutdowns), Collections.max(shutdowns),
						(ratio == null) ? "-" : String.format(Locale.ROOT, "%.2f", ratio),
						RollingRestartRunner.medianOf(runs.stream().map(Run::sigtermToExitMs).toList()), failed, noServer,
						goalsMissed(traffic, cell.getKey(), overshoots, ratio, failed),
						runs.stream().mapToLong(Run::othersCpuPercent).max().orElse(0)));
			}
		}
		return rows;
	}

	/**
	 * The goals this cell misses: median overshoot at most 250 ms under steady load of
	 * 50/s or more, 0 failed requests, t0 to exit at most 0.35x the fixed 5 s delay's (the
	 * last two for the starter's variants; the fixed delay is the baseline).
	 */
	static String goalsMissed(Traffic traffic, Variant variant, List<Long> overshoots, Double ratio, long failed) {
		List<String> missed = new ArrayList<>();
		if (variant.starter && (traffic == Traffic.STEADY_50 || traffic == Traffic.STEADY_200) && !overshoots.isEmpty()
				&& RollingRestartRunner.medianOf(overshoots) > 250) {
			missed.add("overshoot > 250 ms");
		}
		if (failed > 0) {
			missed.add("failed > 0");
		}
		if (variant.starter && ratio != null && ratio > 0.35) {
			missed.add("> 0.35x fixed-5s");
		}
		return missed.isEmpty() ? "none" : String.join(", ", missed);
	}

	static List<Long> shutdowns(List<Run> runs) {
		return runs.stream().map(Run::shutdownMs).toList();
	}

	static String spread(List<Long> values) {
		return values.isEmpty() ? "-"
				: RollingRestartRunner.medianOf(values) + " ms (" + Collections.min(values) + "-"
						+ Collections.max(values) + ")";
	}

	static String msOrDash(Long ms) {
		return (ms != null) ? ms + " ms" : "-";
	}

	static String readClasspath(String file) throws IOException {
		return Files.readString(Path.of(file)).strip();
	}

	static Path logFile(Path out, String name) throws IOException {
		Files.createDirectories(out.resolve(name));
		return out.resolve(name).resolve(name + ".log");
	}

	/** The values named in the environment variable (comma-separated), all when it is unset. */
	static <T> List<T> selected(T[] all, String variable, String fallback,
			java.util.function.Function<T, String> label) {
		String names = RollingRestartRunner.env(variable, fallback);
		if (names.isBlank()) {
			return List.of(all);
		}
		List<T> chosen = new ArrayList<>();
		for (String name : names.split(",")) {
			T value = Arrays.stream(all)
				.filter((candidate) -> label.apply(candidate).equals(name.trim()))
				.findFirst()
				.orElseThrow(() -> new IllegalArgumentException(variable + ": unknown '" + name.trim() + "'; use "
						+ Arrays.stream(all).map(label).toList()));
			chosen.add(value);
		}
		return chosen;
	}

}

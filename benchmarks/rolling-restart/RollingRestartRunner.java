import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
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
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rolling restart of two instances of the sample orders service behind HAProxy, under continuous
 * keep-alive load, and the sample's startup time with and without the starter. JDK only: compile
 * with {@code javac -d <dir> RollingRestartRunner.java}. Driven by {@code rolling-restart.sh} and
 * {@code startup-time.sh}, which set the {@code RR_*} environment variables read here.
 *
 * <pre>
 * java -cp DIR RollingRestartRunner rolling   # variants A, B, C; RR_RUNS rolling restarts each
 * java -cp DIR RollingRestartRunner startup   # starter enabled vs orderly.shutdown.enabled=false
 * </pre>
 *
 * Everything listens on 127.0.0.1 only. Every wait is bounded; the load stops at the end of each
 * rolling restart and in any case after RR_MAX_LOAD_S seconds.
 */
public final class RollingRestartRunner {

	static final String BACKEND = "be_orders";

	static final Pattern STARTED = Pattern
		.compile("Started SampleApplication in ([0-9.]+) seconds \\(process running for ([0-9.]+)\\)");

	static final Pattern DRAIN_ROW = Pattern
		.compile("^\\s+drain\\s+(completed|timed_out|failed|skipped)\\s+([0-9.]+ m?s)\\s+\\S+ s\\s*(.*)$");

	static final Pattern FINISHED = Pattern.compile("Orderly shutdown finished: (\\S+) in ([0-9.]+ m?s)");

	static final Pattern HAPROXY_FAILURE = Pattern
		.compile("^(\\S+)/(\\S+) status=(-?\\d+) term=(\\S+) retries=(\\S+) timers=(\\S+)");

	// ------------------------------------------------------------------ settings (RR_* variables)

	static final Path JAR = Path.of(env("RR_JAR", "sample-app/target/orderly-shutdown-sample-app-0.1.0-SNAPSHOT.jar"))
		.toAbsolutePath();

	static final Path OUT = Path.of(env("RR_OUT", "benchmarks/rolling-restart/target")).toAbsolutePath();

	static final Path TEMPLATE = Path.of(env("RR_TEMPLATE", "benchmarks/rolling-restart/haproxy.cfg.template"))
		.toAbsolutePath();

	static final String HAPROXY = env("RR_HAPROXY", "haproxy");

	static final int RUNS = Integer.parseInt(env("RR_RUNS", "4"));

	/** Number of the first round (to add rounds later: the order of the variants rotates per round). */
	static final int FIRST_ROUND = Integer.parseInt(env("RR_FIRST_ROUND", "1"));

	static final List<String> VARIANTS = List.of(env("RR_VARIANTS", "A,B,C").split(","));

	static final int RATE = Integer.parseInt(env("RR_RATE", "100"));

	static final int MAX_IN_FLIGHT = Integer.parseInt(env("RR_MAX_IN_FLIGHT", "2000"));

	static final int POST_EVERY = Integer.parseInt(env("RR_POST_EVERY", "1000"));

	static final long WARMUP_MS = (long) (Double.parseDouble(env("RR_WARMUP_S", "5")) * 1000);

	static final long TAIL_MS = (long) (Double.parseDouble(env("RR_TAIL_S", "3")) * 1000);

	static final long PRESTOP_MS = (long) (Double.parseDouble(env("RR_PRESTOP_S", "5")) * 1000);

	static final long MAX_LOAD_MS = (long) (Double.parseDouble(env("RR_MAX_LOAD_S", "300")) * 1000);

	static final int READ_TIMEOUT_MS = Integer.parseInt(env("RR_READ_TIMEOUT_MS", "10000"));

	static final int BASE_PORT = Integer.parseInt(env("RR_BASE_PORT", "18080"));

	static final String INTER = env("RR_INTER", "1s");

	static final String FALL = env("RR_FALL", "2");

	static final String RISE = env("RR_RISE", "2");

	static final boolean REDISPATCH = env("RR_REDISPATCH", "0").equals("1");

	static final List<String> JAVA_OPTS = split(env("RR_JAVA_OPTS", ""));

	static final List<String> APP_ARGS = split(env("RR_APP_ARGS", ""));

	/** Before each run, wait up to RR_QUIET_WAIT_S until other processes use under RR_QUIET_SHARE of the CPUs. */
	static final double QUIET_SHARE = Double.parseDouble(env("RR_QUIET_SHARE", "0.25"));

	static final long QUIET_WAIT_MS = (long) (Double.parseDouble(env("RR_QUIET_WAIT_S", "300")) * 1000);

	static final int STARTUP_RUNS = Integer.parseInt(env("RR_STARTUP_RUNS", "7"));

	static final long BASE = System.nanoTime();

	static final List<Process> CHILDREN = Collections.synchronizedList(new ArrayList<>());

	public static void main(String[] args) throws Exception {
		String mode = (args.length > 0) ? args[0] : "rolling";
		Files.createDirectories(OUT);
		// Stop what this runner started (and only that) if it is interrupted.
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			synchronized (CHILDREN) {
				for (Process process : CHILDREN) {
					if (process.isAlive()) {
						process.destroy();
					}
				}
			}
		}));
		switch (mode) {
			case "rolling" -> rolling();
			case "startup" -> startup();
			default -> throw new IllegalArgumentException("mode must be 'rolling' or 'startup': " + mode);
		}
	}

	// ------------------------------------------------------------------------------ rolling restart

	static void rolling() throws Exception {
		int frontendPort = BASE_PORT;
		Path socket = OUT.resolve("haproxy.sock");
		Path configFile = haproxyConfig(OUT, socket, BASE_PORT, "/readyz", INTER);

		Summary summary = new Summary();
		summary.line("Rolling restart of 2 instances behind HAProxy (" + haproxyVersion() + ")");
		summary.line("Machine: " + machine());
		summary.line(String.format(Locale.ROOT,
				"Load: open loop, %d requests/s on pooled keep-alive connections (at most %d in flight), 1 in %d a POST /orders, the rest GET /orders; read timeout %d ms",
				RATE, MAX_IN_FLIGHT, POST_EVERY, READ_TIMEOUT_MS));
		summary.line("HAProxy checks: GET /readyz, inter " + INTER + " fall " + FALL + " rise " + RISE
				+ (REDISPATCH ? ", option redispatch" : "") + "; variant C pre-stop delay " + PRESTOP_MS + " ms; warm-up " + WARMUP_MS + " ms, tail " + TAIL_MS
				+ " ms");
		summary.line("JVM options of the app: " + JAVA_OPTS + "; extra app arguments: " + APP_ARGS);

		Haproxy haproxy = new Haproxy(configFile, socket, OUT.resolve("haproxy.log"));
		haproxy.start();
		Monitor monitor = new Monitor(haproxy, List.of("app1", "app2"));
		monitor.start();
		List<RunResult> results = new ArrayList<>();
		try {
			int number = (FIRST_ROUND - 1) * VARIANTS.size();
			for (int round = FIRST_ROUND - 1; round < FIRST_ROUND - 1 + RUNS; round++) {
				for (int i = 0; i < VARIANTS.size(); i++) {
					String variant = VARIANTS.get((i + round) % VARIANTS.size()).trim();
					number++;
					RunResult result = rollingRun(number, round + 1, variant, haproxy, monitor, frontendPort);
					results.add(result);
					summary.line(result.line());
				}
			}
		}
		finally {
			monitor.stopIt();
			haproxy.stop();
		}
		summary.line("");
		summary.table(results);
		summary.write(OUT.resolve("summary.txt"));
		writeCsv(results, OUT.resolve("results.csv"));
		System.out.println("Summary: " + OUT.resolve("summary.txt") + "; per-run logs: " + OUT.resolve("runs"));
	}

	/**
	 * Writes {@code dir/haproxy.cfg} from the template: frontend on {@code basePort}, app1 and
	 * app2 on the next two ports, readiness checked at {@code checkUri} every {@code inter}
	 * (RR_FALL, RR_RISE, RR_REDISPATCH as set); returns its path.
	 */
	static Path haproxyConfig(Path dir, Path socket, int basePort, String checkUri, String inter) throws IOException {
		Files.deleteIfExists(socket);
		String config = Files.readString(TEMPLATE)
			.replace("@SOCKET@", socket.toString())
			.replace("@FRONTEND_PORT@", Integer.toString(basePort))
			.replace("@APP1_PORT@", Integer.toString(basePort + 1))
			.replace("@APP2_PORT@", Integer.toString(basePort + 2))
			.replace("@INTER@", inter)
			.replace("@FALL@", FALL)
			.replace("@RISE@", RISE)
			.replace("@CHECK_URI@", checkUri)
			.replace("@REDISPATCH@", REDISPATCH ? "option redispatch" : "# option redispatch: off");
		Path configFile = dir.resolve("haproxy.cfg");
		Files.writeString(configFile, config);
		return configFile;
	}

	static RunResult rollingRun(int number, int round, String variant, Haproxy haproxy, Monitor monitor,
			int frontendPort) throws Exception {
		Path dir = OUT.resolve("runs").resolve(String.format(Locale.ROOT, "%02d-%s", number, variant));
		deleteRecursively(dir);
		Files.createDirectories(dir);
		RunResult result = new RunResult(number, round, variant);
		String quiet = (QUIET_WAIT_MS > 0) ? Neighbours.waitForQuiet(QUIET_SHARE, QUIET_WAIT_MS) : "not checked";
		Neighbours neighbours = new Neighbours();
		neighbours.start();
		result.loadBefore = loadAverage();
		Timeline timeline = new Timeline(dir.resolve("timeline.log"));
		timeline.event("run " + number + ", variant " + variant + " (" + describe(variant) + "), round " + round
				+ "; load average " + result.loadBefore + "; before the run: " + quiet);
		List<String> variantArgs = variant.equals("A") ? List.of() : List.of("--orderly.shutdown.enabled=false");
		App app1 = new App("app1", BASE_PORT + 1, BASE_PORT + 11, dir);
		App app2 = new App("app2", BASE_PORT + 2, BASE_PORT + 12, dir);
		List<App> apps = List.of(app1, app2);
		int haproxyLogStart = haproxy.lines.size();
		Load load = null;
		Map<String, Map<String, Long>> statsBefore = null;
		try {
			// Both servers known DOWN to HAProxy (nothing listens yet), then both started and UP.
			waitFor("HAProxy to mark both servers DOWN before the run", 30_000,
					() -> !monitor.isUp("app1") && !monitor.isUp("app2"));
			long before = System.nanoTime();
			for (App app : apps) {
				app.start(variantArgs, "initial");
			}
			waitFor("both instances UP in HAProxy", 240_000,
					() -> monitor.upSince("app1", before) && monitor.upSince("app2", before));
			timeline.event("both instances UP in HAProxy; starting the load");

			statsBefore = haproxy.stats();
			load = new Load(frontendPort, timeline);
			load.start();
			Thread.sleep(WARMUP_MS);
			result.rollStart = System.nanoTime();
			for (App app : apps) {
				result.instances.add(restart(app, variant, variantArgs, haproxy, monitor, timeline));
			}
			result.rollEnd = System.nanoTime();
			Thread.sleep(TAIL_MS);
			load.stop();
			timeline.event("load stopped");
			result.stats = statsDiff(statsBefore, haproxy.stats());
		}
		finally {
			if (load != null) {
				load.stop();
			}
			for (App app : apps) {
				app.stopQuietly();
			}
			if (variant.equals("C")) {
				for (App app : apps) {
					haproxy.commandQuietly("set server " + BACKEND + "/" + app.name + " state ready");
				}
			}
		}
		result.loadAfter = loadAverage();
		neighbours.stopIt();
		result.neighbours = neighbours.describe();
		result.neighbourShare = neighbours.cpuSeconds()
				/ ((System.nanoTime() - neighbours.startNanos) / 1e9 * Runtime.getRuntime().availableProcessors());
		result.load = load;
		List<String> runHaproxyLines = haproxy.linesFrom(haproxyLogStart);
		Files.write(dir.resolve("haproxy.log"), runHaproxyLines);
		for (String line : runHaproxyLines) {
			Matcher matcher = HAPROXY_FAILURE.matcher(line.substring(line.indexOf(' ') + 1));
			if (matcher.find()) {
				String key = matcher.group(2) + " " + matcher.group(3) + " " + matcher.group(4) + " retries="
						+ matcher.group(5);
				result.haproxyFailures.merge(key, 1, Integer::sum);
				if (matcher.group(2).equals("<NOSRV>")) {
					result.noServer++;
				}
			}
		}
		// Which restart window each failure fell in.
		for (Failure failure : load.failures) {
			String where = "outside";
			for (InstanceResult instance : result.instances) {
				if (failure.nanos >= instance.terminateStart && failure.nanos <= instance.up) {
					where = instance.name;
				}
			}
			result.failuresByWindow.merge(where, 1, Integer::sum);
		}
		timeline.event("failures: " + load.failuresByKind() + " by window " + result.failuresByWindow
				+ "; HAProxy error log " + result.haproxyFailures);
		timeline.close();
		return result;
	}

	static InstanceResult restart(App app, String variant, List<String> variantArgs, Haproxy haproxy,
			Monitor monitor, Timeline timeline) throws Exception {
		InstanceResult result = new InstanceResult(app.name);
		result.terminateStart = System.nanoTime();
		if (variant.equals("C")) {
			// What endpoint removal does on Kubernetes before the preStop sleep ends: out of rotation.
			String answer = haproxy.command("set server " + BACKEND + "/" + app.name + " state drain");
			timeline.event(app.name + ": set server state drain" + (answer.isBlank() ? "" : " -> " + answer.trim())
					+ "; sleeping " + PRESTOP_MS + " ms (preStop)");
			Thread.sleep(PRESTOP_MS);
		}
		result.sigterm = System.nanoTime();
		timeline.event(app.name + ": SIGTERM");
		result.exitCode = app.terminate();
		result.exit = app.exitNanos;
		timeline.event(app.name + ": exited (" + result.exitCode + ") after " + ms(result.exit - result.terminateStart)
				+ " ms" + (variant.equals("C") ? " (" + ms(result.exit - result.sigterm) + " ms after SIGTERM)" : ""));
		result.drain = app.drainRow;
		result.finished = app.finishedLine;
		result.downInHaproxy = monitor.downAfter(app.name, result.terminateStart);
		app.start(variantArgs, "restarted");
		result.start = app.startNanos;
		waitFor(app.name + " UP in HAProxy after its restart", 240_000,
				() -> monitor.downAfter(app.name, result.terminateStart) > 0
						&& monitor.upSince(app.name, result.terminateStart));
		result.up = monitor.lastUp(app.name);
		result.startedLine = app.startedLineNanos;
		if (variant.equals("C")) {
			haproxy.command("set server " + BACKEND + "/" + app.name + " state ready");
			result.up = System.nanoTime();
			timeline.event(app.name + ": set server state ready");
		}
		timeline.event(app.name + ": UP in HAProxy, " + ms(result.up - result.start) + " ms after the new JVM started"
				+ " (Started line after " + ms(result.startedLine - result.start) + " ms)");
		return result;
	}

	static String describe(String variant) {
		return switch (variant) {
			case "A" -> "starter, defaults: SIGTERM at once";
			case "B" -> "plain Spring Boot graceful shutdown: SIGTERM at once";
			case "C" -> "plain Spring Boot: out of rotation in HAProxy, " + PRESTOP_MS + " ms sleep, then SIGTERM";
			default -> throw new IllegalArgumentException("unknown variant " + variant + " (A, B or C)");
		};
	}

	// -------------------------------------------------------------------------------- startup time

	static void startup() throws Exception {
		Summary summary = new Summary();
		summary.line("Startup time of the sample app, java -jar, alone (no load, no HAProxy)");
		summary.line("Machine: " + machine());
		summary.line("'with' = the starter with its defaults; 'without' = the same jar with --orderly.shutdown.enabled=false");
		summary.line("JVM options: " + JAVA_OPTS + "; extra app arguments: " + APP_ARGS);
		Map<String, List<long[]>> samples = new LinkedHashMap<>();
		samples.put("with", new ArrayList<>());
		samples.put("without", new ArrayList<>());
		Path root = OUT.resolve("startup");
		deleteRecursively(root);
		Files.createDirectories(root);
		for (int round = 0; round <= STARTUP_RUNS; round++) {
			List<String> order = (round % 2 == 0) ? List.of("with", "without") : List.of("without", "with");
			for (String variant : order) {
				Path dir = root.resolve(String.format(Locale.ROOT, "%02d-%s", round, variant));
				Files.createDirectories(dir);
				App app = new App("app", BASE_PORT + 1, BASE_PORT + 11, dir);
				String load = loadAverage();
				Neighbours neighbours = new Neighbours();
				neighbours.start();
				app.start(variant.equals("with") ? List.of() : List.of("--orderly.shutdown.enabled=false"), variant);
				waitFor("the Started line", 240_000, () -> app.startedLineNanos != 0);
				long ready = 0;
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
				while (ready == 0 && System.nanoTime() < deadline) {
					if (httpStatus(app.port, "/readyz") == 200) {
						ready = System.nanoTime();
					}
					else {
						Thread.sleep(10);
					}
				}
				long sigterm = System.nanoTime();
				app.terminate();
				neighbours.stopIt();
				long others = Math.round(100 * neighbours.cpuSeconds() / ((System.nanoTime() - neighbours.startNanos)
						/ 1e9 * Runtime.getRuntime().availableProcessors()));
				long[] sample = { app.startedLineNanos - app.startNanos, ready - app.startNanos, app.bootStartedMs,
						app.bootProcessMs, app.exitNanos - sigterm, others };
				String line = String.format(Locale.ROOT,
						"%s %-7s: Started line %5d ms, /readyz 200 %5d ms (Boot: started in %5d ms, process running for %5d ms); idle SIGTERM->exit %4d ms; other processes %d%% of the CPUs; load %s%s",
						(round == 0) ? "warm-up" : String.format(Locale.ROOT, "run %2d ", round), variant, ms(sample[0]),
						ms(sample[1]), sample[2], sample[3], ms(sample[4]), sample[5], load,
						(round == 0) ? " (discarded)" : "");
				summary.line(line);
				if (round > 0) {
					samples.get(variant).add(sample);
				}
			}
		}
		summary.line("");
		summary.line("| | runs | JVM start -> Started line (median, min-max) | JVM start -> /readyz 200 (median) | Boot's 'Started ... in' (median) | idle SIGTERM -> exit (median) | other processes' CPU share (median) |");
		summary.line("|---|---|---|---|---|---|---|");
		for (Map.Entry<String, List<long[]>> entry : samples.entrySet()) {
			List<long[]> list = entry.getValue();
			summary.line(String.format(Locale.ROOT, "| %s | %d | %d ms (%d-%d) | %d ms | %d ms | %d ms | %d%% |",
					entry.getKey(), list.size(), ms(median(list, 0)), ms(min(list, 0)), ms(max(list, 0)),
					ms(median(list, 1)), median(list, 2), ms(median(list, 4)), median(list, 5)));
		}
		List<long[]> with = samples.get("with");
		List<long[]> without = samples.get("without");
		List<Long> pairedStarted = new ArrayList<>();
		List<Long> pairedBoot = new ArrayList<>();
		for (int i = 0; i < Math.min(with.size(), without.size()); i++) {
			pairedStarted.add(with.get(i)[0] - without.get(i)[0]);
			pairedBoot.add(with.get(i)[2] - without.get(i)[2]);
		}
		summary.line("");
		summary.line(String.format(Locale.ROOT,
				"with - without, same run number: JVM start -> Started line %s ms, median %+d ms; Boot's 'Started ... in' %s ms, median %+d ms",
				pairedStarted.stream().map(RollingRestartRunner::ms).toList(), ms(medianOf(pairedStarted)), pairedBoot,
				medianOf(pairedBoot)));
		summary.write(OUT.resolve("startup-summary.txt"));
		System.out.println("Summary: " + OUT.resolve("startup-summary.txt"));
	}

	// ------------------------------------------------------------------------------------ the app

	static final class App {

		final String name;

		final int port;

		final int managementPort;

		final Path dir;

		Process process;

		Thread pump;

		volatile long startNanos;

		volatile long startedLineNanos;

		volatile long bootStartedMs;

		volatile long bootProcessMs;

		volatile long exitNanos;

		volatile String drainRow;

		volatile String finishedLine;

		App(String name, int port, int managementPort, Path dir) {
			this.name = name;
			this.port = port;
			this.managementPort = managementPort;
			this.dir = dir;
		}

		void start(List<String> variantArgs, String tag) throws IOException {
			List<String> command = new ArrayList<>();
			command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			command.addAll(JAVA_OPTS);
			command.add("-jar");
			command.add(JAR.toString());
			command.add("--server.address=127.0.0.1");
			command.add("--server.port=" + this.port);
			command.add("--management.server.address=127.0.0.1");
			command.add("--management.server.port=" + this.managementPort);
			command.add("--management.endpoint.health.probes.add-additional-paths=true");
			// Each instance its own database and report file (kept across its restart).
			command.add("--spring.datasource.url=jdbc:h2:file:" + this.dir.resolve(this.name + "-db")
					+ ";DB_CLOSE_ON_EXIT=FALSE");
			command.add("--orderly.shutdown.report.file=" + this.dir.resolve(this.name + "-shutdown-report.jsonl"));
			command.addAll(variantArgs);
			command.addAll(APP_ARGS);
			Path log = this.dir.resolve(this.name + "-" + tag + ".log");
			this.startedLineNanos = 0;
			this.exitNanos = 0;
			this.drainRow = null;
			this.finishedLine = null;
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
			this.startNanos = System.nanoTime();
			this.process = builder.start();
			CHILDREN.add(this.process);
			Process started = this.process;
			this.pump = new Thread(() -> pump(started, log, command), this.name + "-" + tag + "-output");
			this.pump.setDaemon(true);
			this.pump.start();
		}

		private void pump(Process process, Path log, List<String> command) {
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
					BufferedWriter writer = Files.newBufferedWriter(log)) {
				writer.write("# " + String.join(" ", command));
				writer.newLine();
				String line;
				while ((line = reader.readLine()) != null) {
					if (this.startedLineNanos == 0) {
						Matcher started = STARTED.matcher(line);
						if (started.find()) {
							this.startedLineNanos = System.nanoTime();
							this.bootStartedMs = Math.round(Double.parseDouble(started.group(1)) * 1000);
							this.bootProcessMs = Math.round(Double.parseDouble(started.group(2)) * 1000);
						}
					}
					Matcher drain = DRAIN_ROW.matcher(line);
					if (drain.find()) {
						this.drainRow = drain.group(1) + " " + drain.group(2) + ": " + drain.group(3).trim();
					}
					Matcher finished = FINISHED.matcher(line);
					if (finished.find()) {
						this.finishedLine = finished.group(1) + " in " + finished.group(2);
					}
					writer.write(line);
					writer.newLine();
					writer.flush();
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		/** SIGTERM, wait for the exit (up to 60 s, then SIGKILL). Sets exitNanos, returns the exit code. */
		int terminate() throws InterruptedException {
			// SIGTERM. Not Process.destroy(): that also closes the pipe, and the shutdown log (the
			// report table) would be lost.
			this.process.toHandle().destroy();
			int code;
			if (this.process.waitFor(60, TimeUnit.SECONDS)) {
				this.exitNanos = System.nanoTime();
				code = this.process.exitValue();
			}
			else {
				this.process.destroyForcibly();
				this.process.waitFor();
				this.exitNanos = System.nanoTime();
				code = -9;
			}
			this.pump.join(5000);
			return code;
		}

		void stopQuietly() {
			if (this.process != null && this.process.isAlive()) {
				try {
					terminate();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}

	}

	// ------------------------------------------------------------------------------------ HAProxy

	static final class Haproxy {

		final Path config;

		final Path socket;

		final Path log;

		final List<String> lines = Collections.synchronizedList(new ArrayList<>());

		Process process;

		Haproxy(Path config, Path socket, Path log) {
			this.config = config;
			this.socket = socket;
			this.log = log;
		}

		void start() throws Exception {
			Process check = new ProcessBuilder(HAPROXY, "-c", "-f", this.config.toString()).redirectErrorStream(true)
				.start();
			String checkOutput = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (check.waitFor() != 0) {
				throw new IllegalStateException("haproxy -c failed:\n" + checkOutput);
			}
			this.process = new ProcessBuilder(HAPROXY, "-db", "-f", this.config.toString()).redirectErrorStream(true)
				.start();
			CHILDREN.add(this.process);
			Thread pump = new Thread(() -> {
				try (BufferedReader reader = new BufferedReader(
						new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8));
						BufferedWriter writer = Files.newBufferedWriter(this.log)) {
					String line;
					while ((line = reader.readLine()) != null) {
						String stamped = Instant.now() + " " + line;
						this.lines.add(stamped);
						writer.write(stamped);
						writer.newLine();
						writer.flush();
					}
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}, "haproxy-output");
			pump.setDaemon(true);
			pump.start();
			waitFor("the HAProxy runtime API socket", 10_000, () -> {
				try {
					return command("show info").contains("Version");
				}
				catch (IOException ex) {
					return false;
				}
			});
		}

		List<String> linesFrom(int index) {
			synchronized (this.lines) {
				return new ArrayList<>(this.lines.subList(Math.min(index, this.lines.size()), this.lines.size()));
			}
		}

		/** One command on the runtime API (non-interactive: the answer ends with EOF). */
		String command(String command) throws IOException {
			try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
				channel.connect(UnixDomainSocketAddress.of(this.socket));
				channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
				ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
				StringBuilder answer = new StringBuilder();
				while (channel.read(buffer) >= 0) {
					buffer.flip();
					answer.append(StandardCharsets.UTF_8.decode(buffer));
					buffer.clear();
				}
				return answer.toString();
			}
		}

		void commandQuietly(String command) {
			try {
				command(command);
			}
			catch (IOException ex) {
				// best effort
			}
		}

		/** Server name -> srv_op_state (0 stopped/DOWN, 1 starting, 2 running/UP, 3 stopping). */
		Map<String, Integer> opStates() throws IOException {
			Map<String, Integer> states = new TreeMap<>();
			String[] header = null;
			for (String line : command("show servers state " + BACKEND).split("\n")) {
				if (line.startsWith("# ")) {
					header = line.substring(2).trim().split(" ");
				}
				else if (header != null && !line.isBlank()) {
					String[] fields = line.trim().split(" ");
					List<String> names = Arrays.asList(header);
					states.put(fields[names.indexOf("srv_name")],
							Integer.parseInt(fields[names.indexOf("srv_op_state")]));
				}
			}
			return states;
		}

		/** "show stat" as proxy/server -> field -> value (numeric fields only). */
		Map<String, Map<String, Long>> stats() throws IOException {
			Map<String, Map<String, Long>> stats = new TreeMap<>();
			String[] header = null;
			for (String line : command("show stat").split("\n")) {
				if (line.startsWith("# ")) {
					header = line.substring(2).split(",", -1);
				}
				else if (header != null && !line.isBlank()) {
					String[] fields = line.split(",", -1);
					Map<String, Long> values = new LinkedHashMap<>();
					for (int i = 2; i < Math.min(header.length, fields.length); i++) {
						if (fields[i].matches("-?\\d+")) {
							values.put(header[i], Long.parseLong(fields[i]));
						}
					}
					stats.put(fields[0] + "/" + fields[1], values);
				}
			}
			return stats;
		}

		void stop() throws InterruptedException {
			if (this.process != null) {
				this.process.destroy();
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
		}

	}

	/** Polls HAProxy's view of the servers every 100 ms and remembers when each went DOWN and UP. */
	static final class Monitor extends Thread {

		final Haproxy haproxy;

		final Map<String, Integer> state = new ConcurrentHashMap<>();

		final Map<String, Long> lastDown = new ConcurrentHashMap<>();

		final Map<String, Long> lastUp = new ConcurrentHashMap<>();

		volatile boolean stopped;

		Monitor(Haproxy haproxy, List<String> servers) {
			super("haproxy-monitor");
			setDaemon(true);
			this.haproxy = haproxy;
			for (String server : servers) {
				this.lastDown.put(server, 0L);
				this.lastUp.put(server, 0L);
			}
		}

		@Override
		public void run() {
			while (!this.stopped) {
				try {
					long now = System.nanoTime();
					for (Map.Entry<String, Integer> entry : this.haproxy.opStates().entrySet()) {
						Integer previous = this.state.put(entry.getKey(), entry.getValue());
						boolean up = entry.getValue() == 2;
						if (previous == null || (previous == 2) != up) {
							(up ? this.lastUp : this.lastDown).put(entry.getKey(), now);
						}
					}
				}
				catch (IOException | RuntimeException ex) {
					// HAProxy restarting or stopping; try again
				}
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
			}
		}

		boolean isUp(String server) {
			return this.state.getOrDefault(server, -1) == 2;
		}

		/** UP now, and it became UP after {@code since}. */
		boolean upSince(String server, long since) {
			return isUp(server) && this.lastUp.get(server) > since;
		}

		/** When it was last seen going DOWN, if after {@code since}; else 0. */
		long downAfter(String server, long since) {
			long down = this.lastDown.get(server);
			return (down > since) ? down : 0;
		}

		long lastUp(String server) {
			return this.lastUp.get(server);
		}

		void stopIt() throws InterruptedException {
			this.stopped = true;
			join(2000);
		}

	}

	// --------------------------------------------------------------------------------------- load

	record Failure(long nanos, String kind, boolean post) {
	}

	/**
	 * Open-loop load: requests are sent on a schedule whatever happens to earlier ones (as
	 * independent users would; by default at a fixed rate), each on a keep-alive connection taken
	 * from a pool (most recently used first; a connection idle for 5 s is closed by the client,
	 * well within HAProxy's 10 s keep-alive timeout), or each on a new connection. A request that
	 * stalls (HAProxy retrying a refused connection) does not hold the next ones back, so the
	 * failures scale with the time an instance is mishandled, not with the number of client
	 * threads.
	 */
	static final class Load {

		static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(5);

		final int port;

		final Timeline timeline;

		/** Request number (from 0) to when it is sent, in ns after the load started. */
		final LongUnaryOperator schedule;

		/** Whether each request opens a connection of its own (and asks to close it). */
		final boolean newConnections;

		final String path;

		final int postEvery;

		final ThreadPoolExecutor workers = new ThreadPoolExecutor(0, MAX_IN_FLIGHT, 30, TimeUnit.SECONDS,
				new SynchronousQueue<>(), (runnable) -> {
					Thread thread = new Thread(runnable, "load");
					thread.setDaemon(true);
					return thread;
				});

		final ConcurrentLinkedDeque<RawHttp> idle = new ConcurrentLinkedDeque<>();

		final AtomicInteger connections = new AtomicInteger();

		final AtomicInteger maxInFlight = new AtomicInteger();

		final AtomicInteger inFlight = new AtomicInteger();

		final LongAdder total = new LongAdder();

		final LongAdder posts = new LongAdder();

		final LongAdder notSent = new LongAdder();

		final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());

		final List<Long> latencies = Collections.synchronizedList(new ArrayList<>(1 << 16));

		final AtomicLong maxLatency = new AtomicLong();

		Thread dispatcher;

		volatile boolean running = true;

		/** The rolling restart's load: RR_RATE GET /orders per second, 1 in RR_POST_EVERY a POST. */
		Load(int port, Timeline timeline) {
			this(port, timeline, steady(RATE), false, "/orders", POST_EVERY);
		}

		Load(int port, Timeline timeline, LongUnaryOperator schedule, boolean newConnections, String path,
				int postEvery) {
			this.port = port;
			this.timeline = timeline;
			this.schedule = schedule;
			this.newConnections = newConnections;
			this.path = path;
			this.postEvery = postEvery;
		}

		/** A fixed rate: request i is sent i / rate seconds after the start. */
		static LongUnaryOperator steady(double rate) {
			return (i) -> Math.round(i * 1e9 / rate);
		}

		void start() {
			long hardStop = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_LOAD_MS);
			this.dispatcher = new Thread(() -> dispatch(hardStop), "load-dispatcher");
			this.dispatcher.setDaemon(true);
			this.dispatcher.start();
		}

		private void dispatch(long hardStop) {
			long start = System.nanoTime();
			long i = 0;
			long next = start + this.schedule.applyAsLong(i);
			while (this.running && System.nanoTime() < hardStop) {
				long now = System.nanoTime();
				if (next > now) {
					LockSupport.parkNanos(next - now);
					continue;
				}
				i++;
				next = start + this.schedule.applyAsLong(i);
				boolean post = this.postEvery > 0 && (i % this.postEvery == 0);
				try {
					this.workers.execute(() -> send(post));
				}
				catch (RejectedExecutionException ex) {
					// RR_MAX_IN_FLIGHT requests already waiting: the client, not the service, is the limit
					this.notSent.increment();
				}
			}
		}

		private void send(boolean post) {
			int current = this.inFlight.incrementAndGet();
			this.maxInFlight.accumulateAndGet(current, Math::max);
			RawHttp http = null;
			long now = System.nanoTime();
			while (!this.newConnections && (http = this.idle.pollFirst()) != null && now - http.lastUsed > IDLE_NANOS) {
				http.close();
				http = null;
			}
			if (http == null) {
				http = new RawHttp(this.port, this.path, this.newConnections);
				this.connections.incrementAndGet();
			}
			long start = System.nanoTime();
			String kind;
			try {
				int status = http.exchange(post);
				kind = (status >= 200 && status < 300) ? null : "HTTP " + status;
			}
			catch (SocketTimeoutException ex) {
				kind = "timeout (no answer in " + READ_TIMEOUT_MS + " ms)";
				http.close();
			}
			catch (ConnectException ex) {
				kind = "connect refused by HAProxy";
				http.close();
			}
			catch (EOFException ex) {
				kind = ex.getMessage();
				http.close();
			}
			catch (SocketException ex) {
				kind = (ex.getMessage() != null && ex.getMessage().contains("reset")) ? "connection reset"
						: "socket error: " + ex.getMessage();
				http.close();
			}
			catch (IOException | RuntimeException ex) {
				kind = "error: " + ex;
				http.close();
			}
			long end = System.nanoTime();
			long latency = end - start;
			this.maxLatency.accumulateAndGet(latency, Math::max);
			this.latencies.add(latency);
			this.total.increment();
			if (post) {
				this.posts.increment();
			}
			if (kind != null) {
				this.failures.add(new Failure(end, kind, post));
				this.timeline.event("FAILED " + (post ? "POST" : "GET") + ": " + kind + " after " + ms(latency) + " ms");
			}
			if (this.newConnections) {
				http.close();
			}
			if (http.isOpen()) {
				http.lastUsed = end;
				this.idle.offerFirst(http);
			}
			this.inFlight.decrementAndGet();
		}

		void stop() throws InterruptedException {
			this.running = false;
			if (this.dispatcher != null) {
				this.dispatcher.join(5000);
			}
			this.workers.shutdown();
			this.workers.awaitTermination(READ_TIMEOUT_MS + 5000L, TimeUnit.MILLISECONDS);
			RawHttp http;
			while ((http = this.idle.pollFirst()) != null) {
				http.close();
			}
		}

		Map<String, Integer> failuresByKind() {
			Map<String, Integer> kinds = new TreeMap<>();
			synchronized (this.failures) {
				for (Failure failure : this.failures) {
					kinds.merge(failure.kind() + (failure.post() ? " (POST)" : ""), 1, Integer::sum);
				}
			}
			return kinds;
		}

		long percentile(double p) {
			List<Long> all;
			synchronized (this.latencies) {
				all = new ArrayList<>(this.latencies);
			}
			if (all.isEmpty()) {
				return 0;
			}
			Collections.sort(all);
			return all.get((int) Math.min(all.size() - 1, Math.round(p * (all.size() - 1))));
		}

	}

	/**
	 * A minimal HTTP/1.1 keep-alive client on one socket: no hidden retries, no connection pool,
	 * every exchange counted by the caller.
	 */
	static final class RawHttp {

		static final byte[] BODY = "{\"item\":\"benchmark beans\",\"quantity\":1}".getBytes(StandardCharsets.US_ASCII);

		final int port;

		final byte[] get;

		final byte[] post;

		Socket socket;

		InputStream in;

		OutputStream out;

		boolean reused;

		long lastUsed;

		/** GET {@code path}; {@code close}: with "Connection: close" (one request per connection). */
		RawHttp(int port, String path, boolean close) {
			this.port = port;
			this.get = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: application/json\r\n"
					+ (close ? "Connection: close\r\n" : "") + "\r\n")
				.getBytes(StandardCharsets.US_ASCII);
			byte[] head = ("POST /orders HTTP/1.1\r\nHost: 127.0.0.1:" + port
					+ "\r\nAccept: application/json\r\nContent-Type: application/json\r\nContent-Length: " + BODY.length
					+ "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII);
			this.post = Arrays.copyOf(head, head.length + BODY.length);
			System.arraycopy(BODY, 0, this.post, head.length, BODY.length);
		}

		int exchange(boolean post) throws IOException {
			if (this.socket == null) {
				Socket socket = new Socket();
				socket.setTcpNoDelay(true);
				socket.connect(new InetSocketAddress("127.0.0.1", this.port), 2000);
				socket.setSoTimeout(READ_TIMEOUT_MS);
				this.socket = socket;
				this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
				this.out = socket.getOutputStream();
				this.reused = false;
			}
			boolean reusedConnection = this.reused;
			this.reused = true;
			this.out.write(post ? this.post : this.get);
			this.out.flush();
			String statusLine = readLine(this.in);
			if (statusLine == null) {
				throw new EOFException(reusedConnection ? "connection closed without a response (reused client connection)"
						: "connection closed without a response (new client connection)");
			}
			int status = Integer.parseInt(statusLine.split(" ")[1]);
			long contentLength = -1;
			boolean chunked = false;
			boolean close = statusLine.startsWith("HTTP/1.0");
			String line;
			while ((line = readLine(this.in)) != null && !line.isEmpty()) {
				int colon = line.indexOf(':');
				if (colon < 0) {
					continue;
				}
				String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
				String value = line.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
				switch (name) {
					case "content-length" -> contentLength = Long.parseLong(value);
					case "transfer-encoding" -> chunked = value.contains("chunked");
					case "connection" -> close = value.contains("close") || close;
					default -> {
					}
				}
			}
			if (line == null) {
				throw new EOFException("closed in the response headers");
			}
			if (chunked) {
				while (true) {
					String size = readLine(this.in);
					if (size == null) {
						throw new EOFException("closed in a chunked body");
					}
					int semicolon = size.indexOf(';');
					long length = Long.parseLong((semicolon < 0) ? size.trim() : size.substring(0, semicolon).trim(), 16);
					if (length == 0) {
						while ((line = readLine(this.in)) != null && !line.isEmpty()) {
							// trailers
						}
						break;
					}
					skip(length);
					readLine(this.in);
				}
			}
			else if (contentLength >= 0) {
				skip(contentLength);
			}
			else if (status != 204 && status != 304 && status >= 200) {
				while (this.in.read() >= 0) {
					// body up to the end of the connection
				}
				close = true;
			}
			if (close) {
				close();
			}
			return status;
		}

		private void skip(long length) throws IOException {
			long left = length;
			while (left > 0) {
				long skipped = this.in.skip(left);
				if (skipped <= 0) {
					if (this.in.read() < 0) {
						throw new EOFException("closed in the body");
					}
					skipped = 1;
				}
				left -= skipped;
			}
		}

		boolean isOpen() {
			return this.socket != null;
		}

		void close() {
			if (this.socket != null) {
				try {
					this.socket.close();
				}
				catch (IOException ex) {
					// ignore
				}
				this.socket = null;
			}
		}

	}

	static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int b;
		while ((b = in.read()) >= 0) {
			if (b == '\n') {
				int length = line.length();
				if (length > 0 && line.charAt(length - 1) == '\r') {
					line.setLength(length - 1);
				}
				return line.toString();
			}
			line.append((char) b);
		}
		return (line.length() == 0) ? null : line.toString();
	}

	/** Status of one GET on a new connection, or -1. */
	static int httpStatus(int port, String path) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
			socket.setSoTimeout(2000);
			socket.getOutputStream()
				.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			String status = readLine(socket.getInputStream());
			return (status == null) ? -1 : Integer.parseInt(status.split(" ")[1]);
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	// ------------------------------------------------------------------------------------ results

	static final class InstanceResult {

		final String name;

		long terminateStart;

		long sigterm;

		long exit;

		int exitCode;

		long downInHaproxy;

		long start;

		long startedLine;

		long up;

		String drain;

		String finished;

		InstanceResult(String name) {
			this.name = name;
		}

		long shutdownMs() {
			return ms(this.exit - this.terminateStart);
		}

		long sigtermToExitMs() {
			return ms(this.exit - this.sigterm);
		}

	}

	static final class RunResult {

		final int number;

		final int round;

		final String variant;

		final List<InstanceResult> instances = new ArrayList<>();

		final Map<String, Integer> haproxyFailures = new TreeMap<>();

		final Map<String, Integer> failuresByWindow = new TreeMap<>();

		Load load;

		String stats = "";

		String neighbours = "";

		double neighbourShare;

		int noServer;

		long rollStart;

		long rollEnd;

		String loadBefore;

		String loadAfter;

		RunResult(int number, int round, String variant) {
			this.number = number;
			this.round = round;
			this.variant = variant;
		}

		long total() {
			return this.load.total.sum();
		}

		int failed() {
			return this.load.failures.size();
		}

		String line() {
			StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
					"run %2d variant %s: %d requests (%d POST), %d failed %s (%d of them 'no server UP' in HAProxy's log), by restart window %s; p99 %d ms, max %d ms; rolling restart %d ms; load avg %s -> %s",
					this.number, this.variant, total(), this.load.posts.sum(), failed(), this.load.failuresByKind(),
					this.noServer,
					this.failuresByWindow, ms(this.load.percentile(0.99)), ms(this.load.maxLatency.get()),
					ms(this.rollEnd - this.rollStart), this.loadBefore, this.loadAfter));
			for (InstanceResult instance : this.instances) {
				line.append(String.format(Locale.ROOT,
						"%n    %s: terminate start -> exit %d ms%s (exit code %d); DOWN in HAProxy %s; new JVM -> Started %d ms, -> UP in HAProxy %d ms%s%s",
						instance.name, instance.shutdownMs(),
						this.variant.equals("C") ? " (SIGTERM -> exit " + instance.sigtermToExitMs() + " ms)" : "",
						instance.exitCode,
						(instance.downInHaproxy > 0)
								? ms(instance.downInHaproxy - instance.terminateStart) + " ms after terminate start"
								: "not seen before the exit",
						ms(instance.startedLine - instance.start), ms(instance.up - instance.start),
						(instance.finished != null) ? "; report: " + instance.finished : "",
						(instance.drain != null) ? "; drain " + instance.drain : ""));
			}
			line.append(String.format(Locale.ROOT,
					"%n    client: %d keep-alive connections opened, at most %d requests in flight, %d not sent (client limit)",
					this.load.connections.get(), this.load.maxInFlight.get(), this.load.notSent.sum()));
			line.append("\n    HAProxy counters during the load: ").append(this.stats);
			line.append("\n    noise: ").append(this.neighbours);
			if (!this.haproxyFailures.isEmpty()) {
				line.append("\n    HAProxy error log (server status termination-state retries): ")
					.append(this.haproxyFailures);
			}
			return line.toString();
		}

	}

	static final class Summary {

		final List<String> lines = new ArrayList<>();

		void line(String line) {
			System.out.println(line);
			this.lines.add(line);
		}

		void table(List<RunResult> results) {
			line("| variant | runs | failed requests, median (per run) | of them \"no server UP\" (per run) | total requests, median | shutdown per instance, terminate start -> exit: median (min-max) | SIGTERM -> exit, median | new JVM -> UP in HAProxy, median | rolling restart, median | other processes' CPU share, median (max) |");
			line("|---|---|---|---|---|---|---|---|---|---|");
			for (String variant : VARIANTS) {
				List<RunResult> runs = results.stream().filter((r) -> r.variant.equals(variant.trim())).toList();
				if (runs.isEmpty()) {
					continue;
				}
				List<Long> failed = runs.stream().map((r) -> (long) r.failed()).toList();
				List<Long> noServer = runs.stream().map((r) -> (long) r.noServer).toList();
				List<Long> totals = runs.stream().map(RunResult::total).toList();
				List<InstanceResult> instances = runs.stream().flatMap((r) -> r.instances.stream()).toList();
				List<Long> shutdown = instances.stream().map(InstanceResult::shutdownMs).toList();
				List<Long> sigterm = instances.stream().map(InstanceResult::sigtermToExitMs).toList();
				List<Long> startup = instances.stream().map((i) -> ms(i.up - i.start)).toList();
				List<Long> rolls = runs.stream().map((r) -> ms(r.rollEnd - r.rollStart)).toList();
				List<Long> noise = runs.stream().map((r) -> Math.round(100 * r.neighbourShare)).toList();
				line(String.format(Locale.ROOT,
						"| %s | %d | %d %s | %s | %d | %.1f s (%.1f-%.1f) | %.1f s | %.1f s | %.1f s | %d%% (%d%%) |",
						variant, runs.size(), medianOf(failed), failed, noServer, medianOf(totals),
						medianOf(shutdown) / 1000.0, Collections.min(shutdown) / 1000.0,
						Collections.max(shutdown) / 1000.0, medianOf(sigterm) / 1000.0, medianOf(startup) / 1000.0,
						medianOf(rolls) / 1000.0, medianOf(noise), Collections.max(noise)));
			}
		}

		void write(Path file) throws IOException {
			Files.write(file, this.lines);
		}

	}

	static final List<String> STAT_FIELDS = List.of("req_tot", "stot", "hrsp_2xx", "hrsp_5xx", "econ", "eresp",
			"wretr", "wredis", "cli_abrt", "srv_abrt", "chkfail", "chkdown", "reuse", "connect");

	/** The interesting counters that changed, per server and for the frontend. */
	static String statsDiff(Map<String, Map<String, Long>> before, Map<String, Map<String, Long>> after) {
		StringBuilder diff = new StringBuilder();
		for (String row : List.of("fe_orders/FRONTEND", BACKEND + "/app1", BACKEND + "/app2")) {
			Map<String, Long> a = after.getOrDefault(row, Map.of());
			Map<String, Long> b = before.getOrDefault(row, Map.of());
			StringBuilder values = new StringBuilder();
			for (String field : STAT_FIELDS) {
				if (a.containsKey(field)) {
					long delta = a.get(field) - b.getOrDefault(field, 0L);
					if (delta != 0) {
						values.append(values.length() == 0 ? "" : " ").append(field).append('=').append(delta);
					}
				}
			}
			diff.append(diff.length() == 0 ? "" : "; ").append(row.substring(row.indexOf('/') + 1)).append(": ")
				.append(values);
		}
		return diff.toString();
	}

	static void writeCsv(List<RunResult> results, Path file) throws IOException {
		List<String> rows = new ArrayList<>();
		rows.add("run,round,variant,requests,posts,failed,instance,terminate_to_exit_ms,sigterm_to_exit_ms,"
				+ "start_to_started_ms,start_to_up_ms,exit_code,rolling_restart_ms,no_server_failures,other_cpu_share,load_before");
		for (RunResult result : results) {
			for (InstanceResult instance : result.instances) {
				rows.add(String.join(",", Integer.toString(result.number), Integer.toString(result.round),
						result.variant, Long.toString(result.total()), Long.toString(result.load.posts.sum()),
						Integer.toString(result.failed()), instance.name, Long.toString(instance.shutdownMs()),
						Long.toString(instance.sigtermToExitMs()), Long.toString(ms(instance.startedLine - instance.start)),
						Long.toString(ms(instance.up - instance.start)), Integer.toString(instance.exitCode),
						Long.toString(ms(result.rollEnd - result.rollStart)), Integer.toString(result.noServer),
						String.format(Locale.ROOT, "%.2f", result.neighbourShare), "\"" + result.loadBefore + "\""));
			}
		}
		Files.write(file, rows);
	}

	/** Events of one run, with milliseconds since the run began and the wall clock. */
	static final class Timeline {

		final long start = System.nanoTime();

		final BufferedWriter writer;

		Timeline(Path file) throws IOException {
			this.writer = Files.newBufferedWriter(file);
		}

		synchronized void event(String text) {
			String line = String.format(Locale.ROOT, "%8d ms  %s  %s", ms(System.nanoTime() - this.start),
					Instant.now(), text);
			if (!text.startsWith("FAILED")) {
				System.out.println("  " + line);
			}
			try {
				this.writer.write(line);
				this.writer.newLine();
				this.writer.flush();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		synchronized void close() throws IOException {
			this.writer.close();
		}

	}

	/**
	 * CPU time used by processes this runner did not start (another benchmark, a build), sampled
	 * from /proc every 500 ms: the noise a run was measured under.
	 */
	static final class Neighbours extends Thread {

		static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

		final Map<Long, Long> firstTicks = new ConcurrentHashMap<>();

		final Map<Long, Long> lastTicks = new ConcurrentHashMap<>();

		final Map<Long, String> names = new ConcurrentHashMap<>();

		final long startTicks;

		final long startNanos = System.nanoTime();

		volatile boolean stopped;

		Neighbours() {
			super("neighbours");
			setDaemon(true);
			this.startTicks = uptimeTicks();
		}

		@Override
		public void run() {
			while (!this.stopped) {
				sample();
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
			}
		}

		void sample() {
			java.util.Set<Long> mine = new java.util.HashSet<>();
			mine.add(ProcessHandle.current().pid());
			ProcessHandle.current().descendants().forEach((p) -> mine.add(p.pid()));
			try (var dirs = Files.list(Path.of("/proc"))) {
				for (Path dir : dirs.toList()) {
					String name = dir.getFileName().toString();
					if (!name.chars().allMatch(Character::isDigit)) {
						continue;
					}
					long pid = Long.parseLong(name);
					if (mine.contains(pid)) {
						continue;
					}
					try {
						String stat = Files.readString(dir.resolve("stat"));
						int close = stat.lastIndexOf(')');
						String[] f = stat.substring(close + 2).split(" ");
						// after "pid (comm) ": f[0] = state (field 3); utime = field 14, stime = 15, starttime = 22
						long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
						long started = Long.parseLong(f[19]);
						this.firstTicks.putIfAbsent(pid, (started >= this.startTicks) ? 0L : ticks);
						this.lastTicks.put(pid, ticks);
						this.names.putIfAbsent(pid, stat.substring(stat.indexOf('(') + 1, close));
					}
					catch (IOException | RuntimeException ex) {
						// gone meanwhile
					}
				}
			}
			catch (IOException ex) {
				this.stopped = true; // no /proc
			}
		}

		/** CPU seconds of other processes since this monitor started. */
		double cpuSeconds() {
			long ticks = 0;
			for (Map.Entry<Long, Long> entry : this.lastTicks.entrySet()) {
				ticks += entry.getValue() - this.firstTicks.getOrDefault(entry.getKey(), entry.getValue());
			}
			return ticks / TICKS_PER_SECOND;
		}

		/** The busiest other processes, by CPU seconds. */
		String top() {
			Map<String, Double> byName = new TreeMap<>();
			for (Map.Entry<Long, Long> entry : this.lastTicks.entrySet()) {
				long ticks = entry.getValue() - this.firstTicks.getOrDefault(entry.getKey(), entry.getValue());
				if (ticks > 0) {
					byName.merge(this.names.get(entry.getKey()), ticks / TICKS_PER_SECOND, Double::sum);
				}
			}
			return byName.entrySet()
				.stream()
				.sorted(Map.Entry.<String, Double>comparingByValue().reversed())
				.limit(3)
				.map((e) -> String.format(Locale.ROOT, "%s %.0f s", e.getKey(), e.getValue()))
				.toList()
				.toString();
		}

		/** e.g. "other processes used 41 CPU-s in 120 s (17% of 2 CPUs): [java 38 s, ...]" */
		String describe() {
			double seconds = (System.nanoTime() - this.startNanos) / 1e9;
			double cpu = cpuSeconds();
			return String.format(Locale.ROOT, "other processes used %.0f CPU-s in %.0f s (%.0f%% of %d CPUs): %s", cpu,
					seconds, 100 * cpu / (seconds * Runtime.getRuntime().availableProcessors()),
					Runtime.getRuntime().availableProcessors(), top());
		}

		void stopIt() throws InterruptedException {
			this.stopped = true;
			join(2000);
			sample();
		}

		static long uptimeTicks() {
			try {
				return (long) (Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0])
						* TICKS_PER_SECOND);
			}
			catch (IOException | RuntimeException ex) {
				return 0;
			}
		}

		/**
		 * Waits (at most {@code maxMs}) until other processes have used less than {@code share} of
		 * the CPUs over a 10 s window; returns what it saw.
		 */
		static String waitForQuiet(double share, long maxMs) throws InterruptedException {
			long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMs);
			String last = "";
			while (true) {
				Neighbours window = new Neighbours();
				window.sample();
				Thread.sleep(10_000);
				window.sample();
				double used = window.cpuSeconds() / (10.0 * Runtime.getRuntime().availableProcessors());
				last = String.format(Locale.ROOT, "other processes at %.0f%% of the CPUs over 10 s %s", 100 * used,
						window.top());
				if (used < share) {
					return last;
				}
				if (System.nanoTime() > deadline) {
					return last + " (waited " + maxMs / 1000 + " s for a quieter machine; measured anyway)";
				}
			}
		}

	}

	// ------------------------------------------------------------------------------------ helpers

	static void waitFor(String what, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Timed out after " + timeoutMs + " ms waiting for " + what);
			}
			Thread.sleep(20);
		}
	}

	static long ms(long nanos) {
		return TimeUnit.NANOSECONDS.toMillis(nanos);
	}

	static long medianOf(List<Long> values) {
		List<Long> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		int n = sorted.size();
		return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

	static long median(List<long[]> samples, int index) {
		return medianOf(samples.stream().map((s) -> s[index]).toList());
	}

	static long min(List<long[]> samples, int index) {
		return samples.stream().mapToLong((s) -> s[index]).min().orElse(0);
	}

	static long max(List<long[]> samples, int index) {
		return samples.stream().mapToLong((s) -> s[index]).max().orElse(0);
	}

	/** Load average (1, 5, 15 min) and, where the kernel has it, CPU pressure (share of the last 60 s some task waited for a CPU). */
	static String loadAverage() {
		String load;
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
			load = fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (IOException ex) {
			return "n/a";
		}
		try {
			for (String field : Files.readAllLines(Path.of("/proc/pressure/cpu")).get(0).split(" ")) {
				if (field.startsWith("avg60=")) {
					load += ", cpu pressure " + field.substring(6) + "%";
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// no PSI
		}
		return load;
	}

	static String machine() {
		String memory = "n/a";
		try {
			for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
				if (line.startsWith("MemTotal:")) {
					memory = (Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024 / 1024) + " GiB";
				}
			}
		}
		catch (IOException ex) {
			// not Linux
		}
		return String.format(Locale.ROOT, "%d CPUs, %s RAM, Java %s (%s), %s %s, load average %s",
				Runtime.getRuntime().availableProcessors(), memory, System.getProperty("java.runtime.version"),
				System.getProperty("java.vm.name"), System.getProperty("os.name"), System.getProperty("os.version"),
				loadAverage());
	}

	static String haproxyVersion() {
		try {
			Process process = new ProcessBuilder(HAPROXY, "-v").redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			process.waitFor();
			return output.lines().findFirst().orElse("haproxy").trim();
		}
		catch (IOException | InterruptedException ex) {
			return "haproxy (version unknown)";
		}
	}

	static void deleteRecursively(Path path) throws IOException {
		if (!Files.exists(path)) {
			return;
		}
		try (var walk = Files.walk(path)) {
			for (Path p : walk.sorted(Collections.reverseOrder()).toList()) {
				Files.delete(p);
			}
		}
	}

	static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

	static List<String> split(String value) {
		return value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
	}

}

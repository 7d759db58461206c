package dev.orderly.shutdown.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One web benchmark app ({@code HelloApplication}, {@code HelloReactiveApplication}) as a child
 * JVM on a random loopback port, its output in a log file. {@link #close()} kills it if it is
 * still running, so that no run leaves an app behind. Public for the drain benchmark behind
 * HAProxy ({@code rolling-restart/DrainMatrixRunner.java}, compiled with {@code javac} against
 * these classes).
 */
public final class AppProcess implements AutoCloseable {

	private static final Pattern READY = Pattern.compile("BENCHMARK-APP READY port=(\\d+)");

	/** A line of the starter's report table, such as "drain  completed  1.71 s  5 s  traffic stopped; ...". */
	private static final Pattern STAGE_LINE = Pattern
		.compile("(?m)^\\s+(drain|web)\\s+(\\w+)\\s+([0-9.]+ m?s)\\s+\\S+ m?s\\s+(.*)$");

	private static final long READY_TIMEOUT_SECONDS = 120;

	private static final long EXIT_TIMEOUT_SECONDS = 60;

	private final Process process;

	private final Path log;

	private AppProcess(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts {@code mainClass} with {@code BENCH_JAVA_OPTS}, then the given arguments and
	 * {@code BENCH_APP_ARGS}.
	 */
	static AppProcess start(String mainClass, String classpath, List<String> arguments, Path log) throws IOException {
		return start(mainClass, classpath, 0, arguments, log);
	}

	/**
	 * Starts {@code mainClass} on {@code port} (0: a random one), with {@code BENCH_JAVA_OPTS},
	 * then the given arguments and {@code BENCH_APP_ARGS}.
	 */
	public static AppProcess start(String mainClass, String classpath, int port, List<String> arguments, Path log)
			throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(Settings.words("BENCH_JAVA_OPTS"));
		command.addAll(List.of("-cp", classpath, mainClass, "--spring.main.banner-mode=off",
				"--server.address=127.0.0.1", "--server.port=" + port));
		command.addAll(arguments);
		command.addAll(Settings.words("BENCH_APP_ARGS"));
		// Output goes to a file rather than a pipe: nothing to drain, nothing to race with at exit.
		return new AppProcess(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start(),
				log);
	}

	/** Waits for the ready line; returns the app's base URI. */
	public URI awaitReady() throws IOException, InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_SECONDS);
		while (System.nanoTime() < deadline) {
			Matcher ready = READY.matcher(output());
			if (ready.find()) {
				return URI.create("http://127.0.0.1:" + ready.group(1));
			}
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Exited before ready; see " + this.log);
			}
			Thread.sleep(10);
		}
		throw new IllegalStateException("Not ready in " + READY_TIMEOUT_SECONDS + " s; see " + this.log);
	}

	/** Sends SIGTERM ({@link Process#destroy()} is SIGTERM on Linux and macOS). */
	public void sigterm() {
		this.process.destroy();
	}

	/** Waits for the exit and checks its code is 143 (128 + SIGTERM); returns its nanoTime. */
	public long awaitExit() throws InterruptedException {
		if (!this.process.waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
			throw new IllegalStateException("Did not exit in " + EXIT_TIMEOUT_SECONDS + " s; see " + this.log);
		}
		long exited = System.nanoTime();
		if (this.process.exitValue() != 143) {
			throw new IllegalStateException("Exit code " + this.process.exitValue() + ", expected 143; see " + this.log);
		}
		return exited;
	}

	public String output() throws IOException {
		return Files.readString(this.log);
	}

	/** The drain and web lines of the starter's logged report, condensed; "" without the starter. */
	public String stages() throws IOException {
		List<String> stages = new ArrayList<>();
		Matcher line = STAGE_LINE.matcher(output());
		while (line.find()) {
			stages.add(line.group(1) + " " + line.group(2) + " " + line.group(3) + " (" + line.group(4).strip() + ")");
		}
		return String.join(", ", stages);
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			this.process.destroyForcibly();
		}
	}

}

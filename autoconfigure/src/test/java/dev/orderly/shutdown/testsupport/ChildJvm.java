package dev.orderly.shutdown.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * A Spring Boot application run as a separate JVM on the test classpath, whose output is
 * collected line by line, and which receives real signals.
 */
public final class ChildJvm implements AutoCloseable {

	private final Process process;

	private final List<String> output = new CopyOnWriteArrayList<>();

	private final Thread reader;

	private ChildJvm(Process process, String name) {
		this.process = process;
		this.reader = new Thread(this::readOutput, name + "-output");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	/**
	 * Start a main class with arguments.
	 * @param mainClass the class with the {@code main} method
	 * @param args its arguments
	 * @return the running JVM
	 * @throws IOException if it cannot start
	 */
	public static ChildJvm start(Class<?> mainClass, List<String> args) throws IOException {
		return start(List.of(), System.getProperty("java.class.path"), mainClass, args);
	}

	/**
	 * Start a main class with arguments on a class path of its own, such as the test class
	 * path without an optional library.
	 * @param classPath the class path
	 * @param mainClass the class whose {@code main} to run
	 * @param args its arguments
	 * @return the started JVM
	 * @throws IOException if the process cannot be started
	 */
	public static ChildJvm start(String classPath, Class<?> mainClass, List<String> args) throws IOException {
		return start(List.of(), classPath, mainClass, args);
	}

	/**
	 * Start a main class with JVM options and arguments.
	 * @param jvmOptions options of the JVM, such as {@code -Dspring.aot.enabled=true}
	 * @param mainClass the class with the {@code main} method
	 * @param args its arguments
	 * @return the running JVM
	 * @throws IOException if it cannot start
	 */
	public static ChildJvm start(List<String> jvmOptions, Class<?> mainClass, List<String> args) throws IOException {
		return start(jvmOptions, System.getProperty("java.class.path"), mainClass, args);
	}

	private static ChildJvm start(List<String> jvmOptions, String classPath, Class<?> mainClass, List<String> args)
			throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-XX:TieredStopAtLevel=1");
		command.addAll(jvmOptions);
		command.add("-cp");
		command.add(classPath);
		command.add(mainClass.getName());
		command.add("--spring.main.banner-mode=off");
		command.addAll(args);
		return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start(), mainClass.getSimpleName());
	}

	/**
	 * Start a main class with arguments and wait up to 30 s for it to print the line that
	 * says it is ready; a JVM that is not ready by then is stopped.
	 * @param mainClass the class with the {@code main} method
	 * @param args its arguments
	 * @param ready how the line that says it is ready starts
	 * @return the running JVM, ready
	 * @throws IOException if it cannot start
	 */
	public static ChildJvm startReady(Class<?> mainClass, List<String> args, String ready) throws IOException {
		return startReady(System.getProperty("java.class.path"), mainClass, args, ready);
	}

	/**
	 * Start a main class with arguments on a class path of its own and wait up to 30 s for
	 * it to print the line that says it is ready; a JVM that is not ready by then is stopped.
	 * @param classPath the class path
	 * @param mainClass the class with the {@code main} method
	 * @param args its arguments
	 * @param ready how the line that says it is ready starts
	 * @return the running JVM, ready
	 * @throws IOException if it cannot start
	 */
	public static ChildJvm startReady(String classPath, Class<?> mainClass, List<String> args, String ready)
			throws IOException {
		ChildJvm jvm = start(classPath, mainClass, args);
		try {
			jvm.awaitLine((line) -> line.startsWith(ready), Duration.ofSeconds(30));
			return jvm;
		}
		catch (RuntimeException | Error ex) {
			jvm.close();
			throw ex;
		}
	}

	/**
	 * Wait for an output line, failing early if the process dies.
	 * @param condition what the line must satisfy
	 * @param timeout how long to wait
	 * @return the first matching line
	 */
	public String awaitLine(Predicate<String> condition, Duration timeout) {
		await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> {
			if (this.output.stream().anyMatch(condition)) {
				return true;
			}
			if (!this.process.isAlive()) {
				// the line may be among the last the process wrote, not read yet
				this.reader.join(Duration.ofSeconds(5).toMillis());
				if (this.output.stream().anyMatch(condition)) {
					return true;
				}
				fail("Process exited early:%n%s", log());
			}
			return false;
		});
		return this.output.stream().filter(condition).findFirst().orElseThrow();
	}

	/**
	 * Send SIGTERM, as {@code docker stop} and Kubernetes do.
	 * @throws Exception if {@code kill} fails
	 */
	public void sigterm() throws Exception {
		Process kill = new ProcessBuilder("kill", "-TERM", String.valueOf(this.process.pid())).inheritIO().start();
		assertThat(kill.waitFor(5, TimeUnit.SECONDS)).isTrue();
		assertThat(kill.exitValue()).isZero();
	}

	/**
	 * Send SIGKILL, as Kubernetes does at the end of the termination grace period.
	 * @throws Exception if {@code kill} fails
	 */
	public void sigkill() throws Exception {
		Process kill = new ProcessBuilder("kill", "-KILL", String.valueOf(this.process.pid())).inheritIO().start();
		assertThat(kill.waitFor(5, TimeUnit.SECONDS)).isTrue();
	}

	/**
	 * Wait for the process to exit.
	 * @param timeout how long to wait
	 * @return whether it exited
	 * @throws InterruptedException if interrupted
	 */
	public boolean waitForExit(Duration timeout) throws InterruptedException {
		boolean exited = this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (exited) {
			this.reader.join(5000);
		}
		return exited;
	}

	/**
	 * The process's exit code.
	 * @return the exit code
	 */
	public int exitValue() {
		return this.process.exitValue();
	}

	/**
	 * Every line printed so far.
	 * @return the lines
	 */
	public List<String> output() {
		return this.output;
	}

	/**
	 * Every line printed so far, as one text.
	 * @return the output
	 */
	public String log() {
		return String.join("\n", this.output);
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			this.process.destroyForcibly();
		}
	}

	private void readOutput() {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				this.output.add(line);
			}
		}
		catch (IOException ex) {
			this.output.add("(output read failed: " + ex + ")");
		}
	}

}

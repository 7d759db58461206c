package dev.orderly.shutdown.process;

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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * Starts {@link SigtermTestApplication} as a separate JVM, sends it a real SIGTERM (as
 * {@code docker stop} or Kubernetes would) and checks, from outside the process, that the
 * stages ran in order within the budget and that the report was logged.
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class SigtermProcessTests {

	private static final Duration BUDGET = Duration.ofSeconds(10);

	private final List<String> output = new CopyOnWriteArrayList<>();

	private Process process;

	private Thread reader;

	@AfterEach
	void destroyProcess() {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroyForcibly();
		}
	}

	@Test
	void sigtermRunsStagesInOrderWithinBudgetAndLogsReport() throws Exception {
		start("--orderly.shutdown.timeout=" + BUDGET.toSeconds() + "s", "--orderly.shutdown.drain.max-delay=1s",
				"--orderly.shutdown.stages.web.timeout=1s", "--orderly.shutdown.stages.consumers.timeout=2s",
				"--orderly.shutdown.stages.flush.timeout=2s", "--orderly.shutdown.stages.release.timeout=2s");
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
			if (!this.process.isAlive()) {
				fail("Application exited before it was ready:%n%s", String.join("\n", this.output));
			}
			return this.output.stream().anyMatch((line) -> line.startsWith(SigtermTestApplication.READY));
		});

		long sent = System.nanoTime();
		Process kill = new ProcessBuilder("kill", "-TERM", String.valueOf(this.process.pid())).inheritIO().start();
		assertThat(kill.waitFor(5, TimeUnit.SECONDS)).isTrue();
		assertThat(kill.exitValue()).isZero();
		boolean exited = this.process.waitFor(BUDGET.toSeconds() + 10, TimeUnit.SECONDS);
		Duration exitTime = Duration.ofNanos(System.nanoTime() - sent);
		this.reader.join(5000);
		System.out.println("SIGTERM to exit: " + exitTime.toMillis() + " ms (budget " + BUDGET.toMillis() + " ms)");
		String log = String.join("\n", this.output);
		assertThat(exited).as("exited within budget + 10 s; output:%n%s", log).isTrue();
		// 128 + SIGTERM (15): the JVM ran its shutdown hooks and exited because of the signal.
		assertThat(this.process.exitValue()).as(log).isEqualTo(143);
		// Expected: about 0.3 s (consumers) + 1 s (flush: hung task cut off) + 0.5 s (release).
		assertThat(exitTime).as(log).isLessThan(BUDGET).isGreaterThanOrEqualTo(Duration.ofMillis(1800));

		List<String> table = reportTable();
		assertThat(table.get(0)).contains("Orderly shutdown", "of 10 s budget",
				"trigger: JVM shutdown hook (SIGTERM, SIGINT or System.exit)");
		// Stage rows start in the first column, task rows are indented below their stage. The
		// drain and web stages belong to web applications; if listed, they come first.
		assertThat(table.subList(1, table.size())).filteredOn((row) -> !row.startsWith(" "))
			.extracting(SigtermProcessTests::firstColumn)
			.filteredOn((stage) -> !stage.equals("drain") && !stage.equals("web"))
			.containsExactly("STAGE", "consumers", "flush", "release");
		assertThat(row(table, "consumers")).contains("completed");
		assertThat(row(table, "stop-consumer")).contains("completed");
		assertThat(row(table, "flush")).contains("timed_out");
		assertThat(row(table, "flush-buffer")).contains("completed");
		assertThat(row(table, "hung-exporter")).contains("timed_out", "cancelled after 1 s");
		assertThat(row(table, "release")).contains("timed_out");
		assertThat(row(table, "stubborn-client")).contains("timed_out", "cancelled after 500 ms");
		assertThat(row(table, "close-pool")).contains("completed");
	}

	private void start(String... args) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(SigtermTestApplication.class.getName());
		command.add("--spring.main.banner-mode=off");
		command.addAll(List.of(args));
		this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
		this.reader = new Thread(this::readOutput, "sigterm-test-output");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	private void readOutput() {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				this.output.add(line);
				System.out.println("[app] " + line);
			}
		}
		catch (IOException ex) {
			this.output.add("(output read failed: " + ex + ")");
		}
	}

	/**
	 * The logged report: its title (from "Orderly shutdown" on, without the log prefix), then
	 * the table's lines, which are indented by two spaces in the log, without that indent.
	 */
	private List<String> reportTable() {
		List<String> lines = this.output;
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			if (line.contains("Orderly shutdown") && line.contains(" budget (trigger: ")) {
				List<String> table = new ArrayList<>();
				table.add(line.substring(line.indexOf("Orderly shutdown")));
				for (int j = i + 1; j < lines.size() && lines.get(j).startsWith("  "); j++) {
					table.add(lines.get(j).substring(2));
				}
				assertThat(table).as("report rows").hasSizeGreaterThan(2);
				return table;
			}
		}
		return fail("No shutdown report in the output:%n%s", String.join("\n", lines));
	}

	private static String firstColumn(String row) {
		return row.strip().split("\\s+")[0];
	}

	private static String row(List<String> table, String name) {
		return table.stream()
			.skip(1)
			.filter((row) -> firstColumn(row).equals(name))
			.findFirst()
			.orElseGet(() -> fail("No row %s in report:%n%s", name, String.join("\n", table)));
	}

}

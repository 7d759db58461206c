package dev.orderly.shutdown.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.ShutdownTrigger;
import dev.orderly.shutdown.internal.report.file.ShutdownReportFile;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.testsupport.ChildJvm;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * Starts {@link SigtermTestApplication} as a separate JVM, sends it a real SIGTERM (as
 * {@code docker stop} or Kubernetes would) and checks, from outside the process, that the
 * stages ran in order within the budget, that the report was logged, and that the report
 * file holds the run, even when the process is killed mid-shutdown.
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class SigtermProcessTests {

	private static final Duration BUDGET = Duration.ofSeconds(10);

	private static final List<String> STAGE_TIMEOUTS = List.of("--spring.main.web-application-type=none",
			"--orderly.shutdown.budget=" + BUDGET.toSeconds() + "s",
			"--orderly.shutdown.stages.consumers.timeout=2s", "--orderly.shutdown.stages.flush.timeout=2s",
			"--orderly.shutdown.stages.release.timeout=2s");

	@TempDir
	Path directory;

	@AutoClose
	private ChildJvm app;

	@Test
	void sigtermRunsStagesInOrderWithinBudgetAndLogsReport() throws Exception {
		start(List.of());
		long sent = System.nanoTime();
		this.app.sigterm();
		boolean exited = this.app.waitForExit(BUDGET.plusSeconds(10));
		Duration exitTime = Duration.ofNanos(System.nanoTime() - sent);
		System.out.println("SIGTERM to exit: " + exitTime.toMillis() + " ms (budget " + BUDGET.toMillis() + " ms)");
		String log = this.app.log();
		assertThat(exited).as("exited within budget + 10 s; output:%n%s", log).isTrue();
		// 128 + SIGTERM (15): the JVM ran its shutdown hooks and exited because of the signal.
		assertThat(this.app.exitValue()).as(log).isEqualTo(143);
		// Expected: about 0.3 s (consumers) + 1 s (flush: hung task cut off) + 0.5 s (release).
		assertThat(exitTime).as(log).isLessThan(BUDGET).isGreaterThanOrEqualTo(Duration.ofMillis(1800));

		List<String> table = reportTable();
		assertThat(table.get(0)).contains("Orderly shutdown", "of 10 s budget",
				"trigger: JVM shutdown hook (SIGTERM, SIGINT or System.exit)");
		// Stage rows start in the first column, task rows are indented below their stage.
		assertThat(table.subList(1, table.size())).filteredOn((row) -> !row.startsWith(" "))
			.extracting(SigtermProcessTests::firstColumn)
			.containsExactly("STAGE", "consumers", "flush", "release");
		// Spring Boot's task executor stops in flush (a default lifecycle member), not at its own phase
		assertThat(row(table, "lifecycle:applicationTaskExecutor")).contains("completed");
		assertThat(row(table, "consumers")).contains("completed");
		assertThat(row(table, "stop-consumer")).contains("completed");
		assertThat(row(table, "flush")).contains("timed_out");
		assertThat(row(table, "flush-buffer")).contains("completed");
		assertThat(row(table, "hung-exporter")).contains("timed_out", "cancelled after 1 s");
		assertThat(row(table, "release")).contains("timed_out");
		assertThat(row(table, "stubborn-client")).contains("timed_out", "cancelled after 500 ms");
		assertThat(row(table, "close-pool")).contains("completed");
	}

	@Test
	void sigtermLeavesTheWholeRunInTheReportFile() throws Exception {
		Path file = this.directory.resolve("reports").resolve("shutdown.jsonl");
		start(List.of("--orderly.shutdown.report.file=" + file));
		this.app.sigterm();
		assertThat(this.app.waitForExit(BUDGET.plusSeconds(10))).as(this.app.log()).isTrue();
		List<ShutdownReport> runs = ShutdownReportFile.read(file);
		assertThat(runs).hasSize(1);
		ShutdownReport run = runs.get(0);
		assertThat(run.finished()).isTrue();
		assertThat(run.trigger()).isEqualTo(ShutdownTrigger.JVM_SHUTDOWN);
		assertThat(run.stages()).extracting(StageReport::name).containsExactly("consumers", "flush", "release");
		assertThat(run.stage("flush").tasks()).extracting((task) -> task.name() + " " + task.outcome())
			.containsExactlyInAnyOrder("flush-buffer completed", "hung-exporter timed_out",
					"lifecycle:applicationTaskExecutor completed");
		assertThat(run.outcome()).isEqualTo(ShutdownOutcome.TIMED_OUT);
	}

	@Test
	void sigkillMidShutdownStillLeavesAReadablePartialReport() throws Exception {
		Path file = this.directory.resolve("shutdown.jsonl");
		start(List.of("--orderly.shutdown.report.file=" + file));
		this.app.sigterm();
		// the hung exporter holds the flush stage for a second: kill the process inside it
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
			.until(() -> Files.exists(file) && Files.readString(file).contains("\"task\":\"flush-buffer\""));
		this.app.sigkill();
		assertThat(this.app.waitForExit(Duration.ofSeconds(10))).isTrue();
		assertThat(this.app.exitValue()).isEqualTo(137);
		ShutdownReport run = ShutdownReportFile.read(file).get(0);
		assertThat(run.finished()).isFalse();
		assertThat(run.stage("consumers").outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
		StageReport flush = run.stage("flush");
		assertThat(flush.outcome()).isEqualTo(ShutdownOutcome.TIMED_OUT);
		assertThat(flush.detail()).isEqualTo("unfinished: the process ended during this stage");
		assertThat(flush.tasks()).extracting((task) -> task.name())
			.containsExactlyInAnyOrder("flush-buffer", "lifecycle:applicationTaskExecutor");
		assertThat(run.stage("release")).isNull();
	}

	private void start(List<String> extraArgs) throws Exception {
		List<String> args = new ArrayList<>(STAGE_TIMEOUTS);
		args.addAll(extraArgs);
		this.app = ChildJvm.startReady(SigtermTestApplication.class, args, SigtermTestApplication.READY);
	}

	/**
	 * The logged report: its title (from "Orderly shutdown" on, without the log prefix), then
	 * the table's lines, which are indented by two spaces in the log, without that indent.
	 */
	private List<String> reportTable() {
		List<String> lines = this.app.output();
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

	/** The first column of a row of the table, whose columns are at least two spaces apart. */
	private static String firstColumn(String row) {
		return row.strip().split("\\s{2,}")[0];
	}

	private static String row(List<String> table, String name) {
		return table.stream()
			.skip(1)
			.filter((row) -> firstColumn(row).equals(name))
			.findFirst()
			.orElseGet(() -> fail("No row %s in report:%n%s", name, String.join("\n", table)));
	}

}

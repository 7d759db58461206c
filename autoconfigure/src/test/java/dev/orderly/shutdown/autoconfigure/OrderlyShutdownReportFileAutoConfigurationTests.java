package dev.orderly.shutdown.autoconfigure;

import java.nio.file.Path;

import dev.orderly.shutdown.internal.report.file.ShutdownReportFile;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.orderly.shutdown.autoconfigure.RecordedShutdown.closeAndAssertStagesRan;
import static dev.orderly.shutdown.autoconfigure.ShutdownConfigurationFailures.analysis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report file: configured only when {@code orderly.shutdown.report.file} is set; it needs
 * Jackson 3 ({@code tools.jackson}), which writes and reads it.
 */
class OrderlyShutdownReportFileAutoConfigurationTests {

	@TempDir
	Path directory;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class,
				OrderlyShutdownReportFileAutoConfiguration.class));

	@Test
	void whenTheFileIsSetThenTheShutdownIsWrittenToIt() {
		Path file = this.directory.resolve("shutdown.jsonl");
		this.runner.withPropertyValues("orderly.shutdown.report.file=" + file)
			.with(RecordedShutdown::recorded)
			.run((context) -> {
				assertThat(context).hasSingleBean(ShutdownReportFile.class);
				assertThat(context.getBean(ShutdownReportFile.class).path()).isEqualTo(file);
				ShutdownReport report = closeAndAssertStagesRan(context, "consumers", "flush", "release");
				assertThat(ShutdownReportFile.read(file)).singleElement().satisfies((read) -> {
					assertThat(read.id()).isEqualTo(report.id());
					assertThat(read.finished()).isTrue();
					assertThat(read.stages()).extracting(StageReport::name)
						.containsExactly("consumers", "flush", "release");
				});
			});
	}

	@Test
	void whenTheFileIsNotSetThenThereIsNoReportFile() {
		this.runner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ShutdownReportFile.class));
	}

	@Test
	void whenDisabledThenThereIsNoReportFileEvenWithTheFileSet() {
		this.runner
			.withPropertyValues("orderly.shutdown.enabled=false",
					"orderly.shutdown.report.file=" + this.directory.resolve("shutdown.jsonl"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ShutdownReportFile.class));
		assertThat(this.directory).isEmptyDirectory();
	}

	@Test
	void whenUserDefinesAReportFileThenTheAutoConfiguredOneBacksOff() {
		Path own = this.directory.resolve("own.jsonl");
		this.runner.withPropertyValues("orderly.shutdown.report.file=" + this.directory.resolve("shutdown.jsonl"))
			.withBean("ownReportFile", ShutdownReportFile.class, () -> new ShutdownReportFile(own, 3))
			.run((context) -> {
				assertThat(context).hasSingleBean(ShutdownReportFile.class);
				assertThat(context.getBean(ShutdownReportFile.class).path()).isEqualTo(own);
			});
	}

	@Test
	void withoutJackson3ASetReportFileFailsStartupNamingThePropertyAndWhatToAdd() {
		// the run would otherwise leave no record, with no word why
		Path file = this.directory.resolve("shutdown.jsonl");
		this.runner.withClassLoader(new FilteredClassLoader("tools.jackson"))
			.withPropertyValues("orderly.shutdown.report.file=" + file)
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("orderly.shutdown.report.file is set, but Jackson 3 (tools.jackson.core:jackson-databind), "
						+ "which writes the file, is not on the class path")
				.contains("Fix: Add spring-boot-starter-jackson (or tools.jackson.core:jackson-databind), or remove "
						+ "orderly.shutdown.report.file."));
		assertThat(file).doesNotExist();
	}

	@Test
	void withoutJackson3ASetReportFileFailsStartupAlsoWithLazyInitialization() {
		this.runner.withClassLoader(new FilteredClassLoader("tools.jackson"))
			.withInitializer((context) -> context.addBeanFactoryPostProcessor(
					new LazyInitializationBeanFactoryPostProcessor()))
			.withPropertyValues("orderly.shutdown.report.file=" + this.directory.resolve("shutdown.jsonl"))
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("orderly.shutdown.report.file is set, but Jackson 3"));
	}

	@Test
	void withoutJackson3AndNoReportFileTheShutdownRuns() {
		this.runner.withClassLoader(new FilteredClassLoader("tools.jackson"))
			.with(RecordedShutdown::recorded)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ShutdownReportFile.class);
				closeAndAssertStagesRan(context, "consumers", "flush", "release");
			});
	}

	@Test
	void problemsFoundInTheReportFileSettingsTheTasksAndTheStagesAreReportedTogether() {
		this.runner.withBean(OrderlyShutdownAutoConfigurationTests.UnknownStageMethod.class)
			.withPropertyValues("orderly.shutdown.report.file=" + this.directory.resolve("shutdown.jsonl"),
					"orderly.shutdown.report.keep-runs=0", "orderly.shutdown.stages.flush.timeout=0s")
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("orderly.shutdown.stages.flush.timeout is 0 ms, which is not positive")
				.contains("orderly.shutdown.report.keep-runs is 0, but the file must keep at least this run")
				.contains("names stage 'cleanup', which does not exist"));
	}

}

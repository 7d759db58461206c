package dev.orderly.shutdown.autoconfigure;

import java.nio.file.Path;

import dev.orderly.shutdown.internal.engine.ConfigurationProblems;
import dev.orderly.shutdown.internal.report.file.ShutdownReportFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * {@code orderly.shutdown.report.file} set empty or unset at run time means no report file.
 * Set empty (as {@code ORDERLY_SHUTDOWN_REPORT_FILE=} does, to switch off a file set in
 * application.yml), {@code @ConditionalOnProperty} matches all the same; with Spring AOT the
 * condition was evaluated at build time, so the bean method is called whatever the run sets.
 * Either way startup failed with a bare NullPointerException. In AOT mode the log also says
 * when the file of the run differs from the one of the build.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReportFileUnsetTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class,
				OrderlyShutdownReportFileAutoConfiguration.class));

	@Test
	void aReportFileBeanCreatedWithoutAFileDoesNotFailWithANullPointerException() {
		OrderlyShutdownProperties properties = new OrderlyShutdownProperties();
		ConfigurationProblems problems = new ConfigurationProblems();
		assertThatNoException().isThrownBy(() -> new OrderlyShutdownReportFileAutoConfiguration()
			.orderlyShutdownReportFile(properties, problems));
	}

	@Test
	void anEmptyReportFileMeansNoFile() {
		this.runner.withPropertyValues("orderly.shutdown.report.file=")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ShutdownReportFile.class));
	}

	@Test
	void anEmptyReportFileWithoutJacksonMeansNoFileAndNoProblem() {
		this.runner.withClassLoader(new FilteredClassLoader("tools.jackson"))
			.withPropertyValues("orderly.shutdown.report.file=")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ShutdownReportFile.class));
	}

	@Test
	void whenAnAotProcessedApplicationWithAFileRunsWithoutOneThenNoFileAndAWarning(CapturedOutput output) {
		ConfigurationProblems problems = new ConfigurationProblems();
		assertThat(OrderlyShutdownReportFileAutoConfiguration.reportFile(new OrderlyShutdownProperties(), problems,
				true))
			.isNull();
		assertThat(output).contains("orderly.shutdown.report.file is not set at run time, so no report file is "
				+ "written; this application was processed ahead of time (Spring AOT) with a report file");
	}

	@Test
	void whenAnAotProcessedApplicationWithoutAFileIsGivenOneThenTheWarningSaysToReprocess(CapturedOutput output,
			@TempDir Path directory) {
		OrderlyShutdownProperties properties = new OrderlyShutdownProperties();
		properties.getReport().setFile(directory.resolve("report.json"));
		OrderlyShutdownReportFileAutoConfiguration.warnIfSetButNotProcessed(properties, true, false);
		assertThat(output).contains("orderly.shutdown.report.file is " + directory.resolve("report.json"),
				"processed ahead of time (Spring AOT) without it",
				"Fix: set orderly.shutdown.report.file in the configuration the build sees and re-run AOT processing");
	}

	@Test
	void inJvmModeOrWithAFileBeanNothingIsSaidAboutAot(CapturedOutput output, @TempDir Path directory) {
		OrderlyShutdownProperties properties = new OrderlyShutdownProperties();
		properties.getReport().setFile(directory.resolve("report.json"));
		OrderlyShutdownReportFileAutoConfiguration.warnIfSetButNotProcessed(properties, false, false);
		OrderlyShutdownReportFileAutoConfiguration.warnIfSetButNotProcessed(properties, true, true);
		OrderlyShutdownReportFileAutoConfiguration.reportFile(new OrderlyShutdownProperties(),
				new ConfigurationProblems(), false);
		assertThat(output).doesNotContain("Spring AOT");
	}

}

package dev.orderly.shutdown.autoconfigure;

import java.io.UncheckedIOException;
import java.nio.file.Path;

import dev.orderly.shutdown.ShutdownConfigurationException.Problem;
import dev.orderly.shutdown.internal.engine.ConfigurationProblems;
import dev.orderly.shutdown.internal.report.file.ShutdownReportFile;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the report file, when {@code orderly.shutdown.report.file} is set
 * (it needs Jackson 3, which Spring Boot web applications have; set without it, startup
 * fails).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = OrderlyShutdownAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "orderly.shutdown.enabled", matchIfMissing = true)
@ConditionalOnClass(name = OrderlyShutdownReportFileAutoConfiguration.JACKSON)
@ConditionalOnProperty("orderly.shutdown.report.file")
public final class OrderlyShutdownReportFileAutoConfiguration {

	/** Jackson 3, which writes and reads the file; without it, {@link ReportFileWithoutJacksonConfiguration}. */
	static final String JACKSON = "tools.jackson.databind.json.JsonMapper";

	/** Checked and pruned at startup, not when the shutdown first writes to it. */
	@Bean
	static LazyInitializationExcludeFilter orderlyShutdownReportFileLazyInitializationExcludeFilter() {
		return LazyInitializationExcludeFilter.forBeanTypes(ShutdownReportFile.class);
	}

	@Bean
	@ConditionalOnMissingBean
	@Nullable ShutdownReportFile orderlyShutdownReportFile(OrderlyShutdownProperties properties,
			ConfigurationProblems problems) {
		Path file = properties.getReport().getFile();
		int keepRuns = properties.getReport().getKeepRuns();
		// Problems are reported with all the others when startup is checked; until then no file
		// (null: no bean), and a keep-runs below 1 must not prune the runs already there.
		if (keepRuns < 1) {
			problems.add(new Problem(PropertyNames.of("report.keep-runs"),
					"is " + keepRuns + ", but the file must keep at least this run", "Set it to 1 or more."));
			return null;
		}
		try {
			return new ShutdownReportFile(file, keepRuns);
		}
		catch (UncheckedIOException ex) {
			problems.add(new Problem(PropertyNames.of("report.file"),
					"is " + file + ", which cannot be read and written (" + ex.getCause() + ")",
					"Point it to a file in a writable directory, such as a mounted volume."));
			return null;
		}
	}

}

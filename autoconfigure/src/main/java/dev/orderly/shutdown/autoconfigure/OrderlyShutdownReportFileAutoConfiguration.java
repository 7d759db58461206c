package dev.orderly.shutdown.autoconfigure;

import java.io.UncheckedIOException;
import java.nio.file.Path;

import dev.orderly.shutdown.ShutdownConfigurationException;
import dev.orderly.shutdown.ShutdownConfigurationException.Problem;
import dev.orderly.shutdown.report.file.ShutdownReportFile;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the report file, when {@code orderly.shutdown.report.file} is set
 * (it needs Jackson, which Spring Boot applications usually have).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = OrderlyShutdownAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "orderly.shutdown.enabled", matchIfMissing = true)
@ConditionalOnClass(name = "tools.jackson.databind.json.JsonMapper")
@ConditionalOnProperty("orderly.shutdown.report.file")
public final class OrderlyShutdownReportFileAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ShutdownReportFile orderlyShutdownReportFile(OrderlyShutdownProperties properties) {
		Path file = properties.getReport().getFile();
		int keepRuns = properties.getReport().getKeepRuns();
		if (keepRuns < 1) {
			throw new ShutdownConfigurationException(new Problem("orderly.shutdown.report.keep-runs",
					"is " + keepRuns + ", but the file must keep at least this run", "Set it to 1 or more."));
		}
		try {
			return new ShutdownReportFile(file, keepRuns);
		}
		catch (UncheckedIOException ex) {
			throw new ShutdownConfigurationException(new Problem("orderly.shutdown.report.file",
					"is " + file + ", which cannot be read and written (" + ex.getCause() + ")",
					"Point it to a file in a writable directory, such as a mounted volume."));
		}
	}

}

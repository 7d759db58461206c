package dev.orderly.shutdown.autoconfigure;

import dev.orderly.shutdown.ShutdownConfigurationException.Problem;
import dev.orderly.shutdown.internal.engine.ConfigurationProblems;
import dev.orderly.shutdown.internal.report.file.ShutdownReportFile;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * A report file set where Jackson 3, which writes it, is missing: startup fails naming the
 * property, rather than every run leaving no record and no word why.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnMissingClass(OrderlyShutdownReportFileAutoConfiguration.JACKSON)
@Conditional(OnReportFileCondition.class)
class ReportFileWithoutJacksonConfiguration {

	/** Checked at startup, as the report file is. */
	@Bean
	static LazyInitializationExcludeFilter orderlyShutdownReportFileWithoutJacksonLazyInitializationExcludeFilter() {
		return LazyInitializationExcludeFilter.forBeanTypes(ShutdownReportFile.class);
	}

	/** Reported with every other problem when startup is checked; no file (null: no bean). */
	@Bean
	@Nullable ShutdownReportFile orderlyShutdownReportFile(OrderlyShutdownProperties properties,
			ConfigurationProblems problems) {
		if (properties.getReport().getFile() == null) {
			return null; // set empty: no file, so nothing to write it with
		}
		String property = PropertyNames.REPORT_FILE;
		problems.add(new Problem(property,
				"is set, but Jackson 3 (tools.jackson.core:jackson-databind), which writes the file, is not on the "
						+ "class path",
				"Add spring-boot-starter-jackson (or tools.jackson.core:jackson-databind), or remove " + property + "."));
		return null;
	}

}

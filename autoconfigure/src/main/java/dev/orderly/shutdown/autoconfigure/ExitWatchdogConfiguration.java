package dev.orderly.shutdown.autoconfigure;

import dev.orderly.shutdown.autoconfigure.OrderlyShutdownProperties.Exit;
import dev.orderly.shutdown.internal.exit.ExitWatchdog;
import dev.orderly.shutdown.internal.report.file.ShutdownReportFile;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The watchdog of the process's end: reports the threads that keep the JVM alive after the
 * shutdown, and halts it at {@code orderly.shutdown.exit.halt-after}.
 */
@Configuration(proxyBeanMethods = false)
class ExitWatchdogConfiguration {

	@Bean
	ExitWatchdog orderlyShutdownExitWatchdog(OrderlyShutdownProperties properties,
			ConfigurableApplicationContext context, ObjectProvider<ShutdownReportFile> reportFile) {
		Exit exit = properties.getExit();
		return new ExitWatchdog(context, exit.getHaltAfter(), exit.getThreadReportDelay(), reportFile);
	}

}

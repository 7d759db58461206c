package dev.orderly.shutdown.sample;

import java.nio.file.Path;

import dev.orderly.shutdown.OrderlyShutdown;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the tests of the running sample application share: its two ports, its context, and a
 * report file in a temporary directory.
 */
abstract class RunningSampleApplication {

	@TempDir
	static Path reportDirectory;

	@LocalServerPort
	protected int port;

	@LocalManagementPort
	protected int managementPort;

	@Autowired
	protected ConfigurableApplicationContext context;

	@Autowired
	protected OrderlyShutdown orderlyShutdown;

	@DynamicPropertySource
	static void reportFile(DynamicPropertyRegistry registry) {
		registry.add("orderly.shutdown.report.file", () -> reportDirectory.resolve("shutdown-report.jsonl").toString());
	}

}

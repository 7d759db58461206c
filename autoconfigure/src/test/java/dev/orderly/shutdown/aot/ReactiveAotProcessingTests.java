package dev.orderly.shutdown.aot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.aot.AbstractAotProcessor.Settings;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationAotProcessor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebFlux application with the starter goes through Spring AOT processing, as
 * {@code process-aot} runs it: every bean of the drain (the in-flight filter's customizer,
 * the ignored paths, the web stage) can be generated as code.
 */
class ReactiveAotProcessingTests {

	@Test
	void aReactiveApplicationIsProcessedAheadOfTimeWithTheDrainsBeans(@TempDir Path output) throws Exception {
		Settings settings = Settings.builder()
			.sourceOutput(output.resolve("sources"))
			.resourceOutput(output.resolve("resources"))
			.classOutput(output.resolve("classes"))
			.groupId("dev.orderly")
			.artifactId("aot-test")
			.build();
		new SpringApplicationAotProcessor(ReactiveAotApplication.class, settings,
				new String[] { "--spring.main.web-application-type=reactive", "--spring.autoconfigure.exclude="
						+ "org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration,"
						+ "org.springframework.boot.jetty.autoconfigure.reactive.JettyReactiveWebServerAutoConfiguration" })
			.process();
		String generated;
		try (Stream<Path> files = Files.walk(output.resolve("sources"))) {
			generated = files.filter((file) -> file.toString().endsWith(".java"))
				.map(ReactiveAotProcessingTests::read)
				.reduce("", String::concat);
		}
		assertThat(generated).contains("orderlyShutdownInFlightWebFilter", "orderlyShutdownActuatorIgnoredPaths",
				"orderlyShutdownTrafficDrain", "orderlyShutdownGracefulShutdownStage");
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ReactiveAotApplication {

		public static void main(String[] args) {
			SpringApplication.run(ReactiveAotApplication.class, args);
		}

	}

}

package dev.orderly.shutdown.autoconfigure;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.orderly.shutdown.testsupport.ChildJvm;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@link OptionalDependenciesTestApplication} in a JVM whose class path lacks some of
 * the starter's optional libraries, as a user's application would, and sends it SIGTERM.
 * In-process tests hide the classes with a {@code FilteredClassLoader}, which only the
 * conditions consult: the starter's own classes are still linked against the full test
 * class path, so a {@link NoClassDefFoundError} shows only here.
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class OptionalDependenciesProcessTests {

	/**
	 * The stages of a web application, with the lifecycle phase where Spring Boot stops the web
	 * server among them. A reactive application also reports phase 0, where Spring stops the
	 * Reactor Netty resources.
	 */
	private static final String WEB_STAGES = "drain=completed,web=completed,phase "
			+ WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE
			+ "=completed,consumers=completed,flush=completed,release=completed";

	@TempDir
	Path directory;

	@AutoClose
	private ChildJvm app;

	@ParameterizedTest(name = "{0}")
	@EnumSource
	void sigtermRunsEveryStageOnAClassPathWithoutTheMissingLibraries(UserClassPath classPath) throws Exception {
		Path reportFile = this.directory.resolve("shutdown.jsonl");
		// endpoints exposed over JMX, so that an application with the actuator but without web
		// creates the staged endpoints too
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--orderly.shutdown.drain.quiet-period=100ms",
				"--spring.jmx.enabled=true", "--management.endpoints.jmx.exposure.include=*",
				"--management.endpoint.shutdown.access=unrestricted"));
		if (classPath.hasJackson()) {
			args.add("--orderly.shutdown.report.file=" + reportFile);
		}
		this.app = ChildJvm.startReady(classPath.from(System.getProperty("java.class.path")),
				OptionalDependenciesTestApplication.class, args, OptionalDependenciesTestApplication.READY);
		String ready = this.app.awaitLine((line) -> line.startsWith(OptionalDependenciesTestApplication.READY),
				Duration.ofSeconds(1));
		assertThat(ready).as("the application's context and libraries")
			.endsWith(classPath.context + " " + classPath.libraries);
		this.app.sigterm();
		assertThat(this.app.waitForExit(Duration.ofSeconds(30))).as(this.app.log()).isTrue();
		assertThat(this.app.exitValue()).as(this.app.log()).isEqualTo(143);
		assertThat(this.app.output()).as(this.app.log())
			.contains(OptionalDependenciesTestApplication.FINISHED + " completed " + classPath.stages);
		assertThat(this.app.log()).doesNotContain("NoClassDefFoundError", "ClassNotFoundException");
		if (classPath.hasJackson()) {
			assertThat(reportFile).content().contains("\"run_finished\"");
		}
	}

	@Test
	void aReportFileSetWithoutJacksonFailsStartupNamingTheProperty() throws Exception {
		this.app = ChildJvm.start(UserClassPath.PLAIN_APPLICATION.from(System.getProperty("java.class.path")),
				OptionalDependenciesTestApplication.class,
				List.of("--orderly.shutdown.report.file=" + this.directory.resolve("shutdown.jsonl")));
		assertThat(this.app.waitForExit(Duration.ofSeconds(30))).as(this.app.log()).isTrue();
		assertThat(this.app.exitValue()).as(this.app.log()).isEqualTo(1);
		assertThat(this.app.log()).contains("APPLICATION FAILED TO START")
			.contains("orderly.shutdown.report.file is set, but Jackson 3 (tools.jackson.core:jackson-databind), "
					+ "which writes the file, is not on the class path")
			.doesNotContain("NoClassDefFoundError");
		assertThat(this.directory).isEmptyDirectory();
	}

	/**
	 * A user's class path: the test class path without the jars of the libraries that such
	 * an application does not have.
	 */
	enum UserClassPath {

		PLAIN_APPLICATION("spring-boot-starter only", "AnnotationConfigApplicationContext",
				"actuator=false micrometer=false observation=false jackson=false servlet=false webmvc=false "
						+ "webflux=false",
				"consumers=completed,flush=completed,release=completed", Library.values()),

		SERVLET_APPLICATION("spring-boot-starter-webmvc, no actuator", "ServletWebServerApplicationContext",
				"actuator=false micrometer=false observation=true jackson=true servlet=true webmvc=true "
						+ "webflux=false",
				WEB_STAGES,
				Library.ACTUATOR, Library.METRICS, Library.BOOT_OBSERVATION, Library.REACTIVE_WEB, Library.JETTY),

		REACTIVE_APPLICATION("spring-boot-starter-webflux, no actuator", "ReactiveWebServerApplicationContext",
				"actuator=false micrometer=false observation=true jackson=true servlet=false webmvc=false "
						+ "webflux=true",
				WEB_STAGES + ",phase 0=completed",
				Library.ACTUATOR, Library.METRICS, Library.BOOT_OBSERVATION, Library.SERVLET_WEB, Library.JETTY),

		/** Spring Boot's health module is not needed by the actuator. */
		SERVLET_ACTUATOR_APPLICATION_WITHOUT_HEALTH("spring-boot-starter-webmvc, the actuator, no spring-boot-health",
				"ServletWebServerApplicationContext",
				"actuator=true micrometer=true observation=true jackson=true servlet=true webmvc=true webflux=false",
				WEB_STAGES,
				Library.HEALTH, Library.REACTIVE_WEB, Library.JETTY),

		ACTUATOR_APPLICATION("spring-boot-starter-actuator, no web, no Jackson", "AnnotationConfigApplicationContext",
				"actuator=true micrometer=true observation=true jackson=false servlet=false webmvc=false "
						+ "webflux=false",
				"consumers=completed,flush=completed,release=completed", Library.JACKSON, Library.SERVLET_WEB,
				Library.REACTIVE_WEB, Library.JETTY, Library.WEB);

		private final String description;

		private final String context;

		private final String libraries;

		private final String stages;

		private final List<Library> missing;

		UserClassPath(String description, String context, String libraries, String stages, Library... missing) {
			this.description = description;
			this.context = context;
			this.libraries = libraries;
			this.stages = stages;
			this.missing = List.of(missing);
		}

		boolean hasJackson() {
			return !this.missing.contains(Library.JACKSON);
		}

		String from(String testClassPath) {
			List<String> kept = new ArrayList<>();
			for (String entry : testClassPath.split(File.pathSeparator)) {
				String jar = Path.of(entry).getFileName().toString();
				boolean missing = jar.startsWith("wiremock")
						|| this.missing.stream().anyMatch((library) -> library.contains(jar));
				if (!missing) {
					kept.add(entry);
				}
			}
			return String.join(File.pathSeparator, kept);
		}

		@Override
		public String toString() {
			return name().toLowerCase().replace('_', ' ') + " (" + this.description + ")";
		}

	}

	/**
	 * An optional library, by the names of the jars that bring it (Spring Boot's module and
	 * starter included, as a user who leaves it out has neither).
	 */
	enum Library {

		ACTUATOR("spring-boot-actuator", "spring-boot-starter-actuator", "spring-boot-health"),

		HEALTH("spring-boot-health", "spring-boot-starter-actuator"),

		METRICS("micrometer-core", "micrometer-jakarta9", "micrometer-test", "micrometer-tracing", "HdrHistogram",
				"LatencyUtils", "spring-boot-micrometer-metrics", "spring-boot-starter-micrometer-metrics"),

		/** Spring Boot's observation module, without which there is no ObservationRegistry. */
		BOOT_OBSERVATION("spring-boot-micrometer-observation"),

		/** Micrometer's Observation API, which Spring's web modules require. */
		OBSERVATION("micrometer-observation", "micrometer-commons", "context-propagation"),

		JACKSON("jackson-", "spring-boot-jackson", "spring-boot-starter-jackson"),

		SERVLET_WEB("jakarta.servlet-api", "jakarta.websocket", "spring-webmvc", "spring-boot-webmvc",
				"spring-boot-starter-webmvc", "spring-boot-servlet", "spring-boot-tomcat", "spring-boot-starter-tomcat",
				"tomcat-embed"),

		JETTY("jetty-", "spring-boot-jetty", "spring-boot-starter-jetty"),

		REACTIVE_WEB("spring-webflux", "spring-boot-webflux", "spring-boot-starter-webflux", "spring-boot-reactor",
				"spring-boot-starter-reactor-netty", "spring-boot-netty", "reactor-netty", "netty-"),

		WEB("spring-web-", "spring-boot-web-server", "spring-boot-http-codec", "spring-boot-http-converter");

		private final List<String> jarPrefixes;

		Library(String... jarPrefixes) {
			this.jarPrefixes = Arrays.asList(jarPrefixes);
		}

		boolean contains(String jar) {
			return this.jarPrefixes.stream().anyMatch(jar::startsWith);
		}

	}

}

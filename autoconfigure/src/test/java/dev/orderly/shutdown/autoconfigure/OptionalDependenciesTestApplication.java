package dev.orderly.shutdown.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import dev.orderly.shutdown.ShutdownTaskRegistration;
import dev.orderly.shutdown.report.ShutdownListener;
import dev.orderly.shutdown.report.ShutdownReport;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * An application run as a child JVM by {@link OptionalDependenciesProcessTests} on a class
 * path without some of the starter's optional libraries. Once started it prints
 * {@link #READY}, its context's type and which of those libraries it can see; when the
 * shutdown has run, {@link #FINISHED} and the outcome of the run and of each stage.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class OptionalDependenciesTestApplication {

	static final String READY = "OPTIONAL-DEPENDENCIES-TEST-APP READY";

	static final String FINISHED = "OPTIONAL-DEPENDENCIES-TEST-APP FINISHED";

	/** A class of each optional library, by the name its auto-configuration checks. */
	static final Map<String, String> LIBRARIES = libraries();

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(OptionalDependenciesTestApplication.class);
		// a non-web application would otherwise shut down as soon as main returns
		application.setKeepAlive(true);
		ConfigurableApplicationContext context = application.run(args);
		String present = LIBRARIES.entrySet()
			.stream()
			.map((library) -> library.getKey() + "=" + ClassUtils.isPresent(library.getValue(), null))
			.collect(Collectors.joining(" "));
		System.out.println(READY + " " + context.getClass().getSimpleName() + " " + present);
		System.out.flush();
	}

	@Bean
	ShutdownTaskRegistration flushOutbox() {
		return ShutdownTaskRegistration.of("flush", "outbox", (context) -> Thread.sleep(50));
	}

	@Bean
	ShutdownListener finishedLine() {
		return new ShutdownListener() {

			@Override
			public void runFinished(ShutdownReport report) {
				System.out.println(FINISHED + " " + report.outcome() + " " + report.stages()
					.stream()
					.map((stage) -> stage.name() + "=" + stage.outcome())
					.collect(Collectors.joining(",")));
				System.out.flush();
			}

		};
	}

	private static Map<String, String> libraries() {
		Map<String, String> libraries = new LinkedHashMap<>();
		libraries.put("actuator", "org.springframework.boot.actuate.endpoint.annotation.Endpoint");
		libraries.put("micrometer", "io.micrometer.core.instrument.MeterRegistry");
		libraries.put("observation", "io.micrometer.observation.ObservationRegistry");
		libraries.put("jackson", "tools.jackson.databind.json.JsonMapper");
		libraries.put("servlet", "jakarta.servlet.Filter");
		libraries.put("webmvc", "org.springframework.web.servlet.DispatcherServlet");
		libraries.put("webflux", "org.springframework.web.reactive.DispatcherHandler");
		return libraries;
	}

}

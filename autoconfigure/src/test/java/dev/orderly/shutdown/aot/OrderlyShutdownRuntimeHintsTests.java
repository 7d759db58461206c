package dev.orderly.shutdown.aot;

import java.lang.reflect.Constructor;

import dev.orderly.shutdown.OnShutdown;
import dev.orderly.shutdown.ShutdownContext;
import dev.orderly.shutdown.autoconfigure.OrderlyShutdownAutoConfiguration;
import dev.orderly.shutdown.autoconfigure.OrderlyShutdownEndpointAutoConfiguration;
import dev.orderly.shutdown.autoconfigure.OrderlyShutdownProperties;
import dev.orderly.shutdown.autoconfigure.OrderlyShutdownReportFileAutoConfiguration;
import dev.orderly.shutdown.internal.actuate.endpoint.OrderlyShutdownEndpoint.ShutdownRefused;
import dev.orderly.shutdown.internal.actuate.endpoint.OrderlyShutdownEndpoint.ShutdownStarted;
import dev.orderly.shutdown.internal.actuate.endpoint.PlanDescriptor;
import dev.orderly.shutdown.internal.actuate.endpoint.ReportDescriptor;
import dev.orderly.shutdown.internal.actuate.endpoint.ShutdownStagesEndpoint.ShutdownStagesDescriptor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime hints Spring AOT writes for an application that uses the starter (with its
 * actuator endpoints exposed): what a native image needs to call {@link OnShutdown} methods,
 * write the endpoints' JSON and create the starter's own classes that are named in files.
 * Each assertion fails if the hint is missing.
 */
class OrderlyShutdownRuntimeHintsTests {

	private static RuntimeHints hints;

	@BeforeAll
	static void processApplicationAheadOfTime() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			TestPropertyValues
				.of("management.endpoints.web.exposure.include=*", "management.endpoint.shutdown.access=UNRESTRICTED")
				.applyTo(context);
			context.register(ApplicationWithShutdownTasks.class);
			DefaultGenerationContext generation = new DefaultGenerationContext(
					new ClassNameGenerator(ClassName.get(ApplicationWithShutdownTasks.class)),
					new InMemoryGeneratedFiles());
			new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
			hints = generation.getRuntimeHints();
		}
	}

	@Test
	void onShutdownMethodsOfApplicationBeansCanBeInvoked() {
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(OutboxWriter.class, "flush")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(OutboxWriter.class, "stop")).accepts(hints);
	}

	@Test
	void methodsWithoutOnShutdownGetNoHint() {
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(OutboxWriter.class, "write"))
			.rejects(hints);
	}

	@Test
	void everyAnswerOfTheShutdownEndpointCanBeWrittenAsJson() {
		// The web operation returns WebEndpointResponse<OperationResponseBody>: Spring Boot sees
		// only the interface, not these records.
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(ShutdownStarted.class, "run"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(ShutdownStarted.class, "progress"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(ShutdownRefused.class, "message"))
			.accepts(hints);
	}

	@Test
	void thePlanAndTheReportOfTheStagesEndpointCanBeWrittenAsJson() {
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(ShutdownStagesDescriptor.class, "plan"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(PlanDescriptor.Stage.class, "tasks"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(PlanDescriptor.Task.class, "timeoutMs"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(ReportDescriptor.Task.class, "outcome"))
			.accepts(hints);
	}

	@Test
	void thePropertiesCanBeBound() {
		// Spring Boot's own hints for @ConfigurationProperties: the plan binds them too.
		assertThat(RuntimeHintsPredicates.reflection().onType(OrderlyShutdownProperties.class)).accepts(hints);
	}

	@Test
	void theFailureAnalyzerNamedInSpringFactoriesCanBeCreated() throws Exception {
		Constructor<?> constructor = Class
			.forName("dev.orderly.shutdown.autoconfigure.ShutdownConfigurationFailureAnalyzer")
			.getDeclaredConstructor();
		assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(constructor)).accepts(hints);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ OrderlyShutdownAutoConfiguration.class, OrderlyShutdownReportFileAutoConfiguration.class,
			OrderlyShutdownEndpointAutoConfiguration.class })
	static class ApplicationWithShutdownTasks {

		@Bean
		OutboxWriter outboxWriter() {
			return new OutboxWriter();
		}

	}

	static class OutboxWriter {

		void write(String event) {
		}

		@OnShutdown(stage = "flush")
		void flush(ShutdownContext context) {
		}

		@OnShutdown(stage = "release")
		void stop() {
		}

	}

}

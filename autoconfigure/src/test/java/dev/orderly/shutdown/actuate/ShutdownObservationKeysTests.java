package dev.orderly.shutdown.actuate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.orderly.shutdown.ShutdownTaskRegistration;
import dev.orderly.shutdown.internal.drain.DrainTestApplication;
import dev.orderly.shutdown.observation.ShutdownObservationDocumentation;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.testsupport.RecordingListener;
import dev.orderly.shutdown.testsupport.TestWebApplication;
import io.micrometer.common.KeyValue;
import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keys of a real web application's shutdown observations, as Spring Boot's observation
 * registry hands them to every handler: each is documented in
 * {@link ShutdownObservationDocumentation}, and what varies from run to run never becomes a
 * low-cardinality key (a meter tag).
 */
class ShutdownObservationKeysTests {

	private final RecordingListener listener = new RecordingListener();

	private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

	@AutoClose
	private ConfigurableApplicationContext context;

	@Test
	void everyKeyIsDocumentedAndTheStagesCountsAreNotKeyValues() throws Exception {
		start();
		this.context.close();
		assertThat(this.stopped).extracting(Observation.Context::getName)
			.containsOnly("orderly.shutdown", "orderly.shutdown.stage", "orderly.shutdown.task")
			.contains("orderly.shutdown.task");
		for (Observation.Context observation : this.stopped) {
			ShutdownObservationDocumentation documentation = documentationOf(observation);
			assertThat(keys(observation.getLowCardinalityKeyValues())).as("low-cardinality keys of %s",
					observation.getContextualName())
				.isSubsetOf(names(documentation.getLowCardinalityKeyNames()));
			assertThat(keys(observation.getHighCardinalityKeyValues())).as("high-cardinality keys of %s",
					observation.getContextualName())
				.isSubsetOf(names(documentation.getHighCardinalityKeyNames()));
		}
		// the drain and web stages counted requests; the counts are in the report, not in keys
		ShutdownReport report = this.listener.finished.get(10, TimeUnit.SECONDS);
		Map<String, Long> drainCounts = report.stage("drain").counts();
		assertThat(drainCounts).isNotEmpty();
		Observation.Context drain = stage("drain");
		assertThat(keys(drain.getLowCardinalityKeyValues())).containsExactlyInAnyOrder("stage", "outcome");
		assertThat(keys(drain.getHighCardinalityKeyValues())).doesNotContainAnyElementsOf(drainCounts.keySet())
			.containsExactly("detail");
		assertThat(drain.getHighCardinalityKeyValue("detail").getValue()).isEqualTo(report.stage("drain").detail());
		assertThat(keys(stage("web").getAllKeyValues())).doesNotContainAnyElementsOf(report.stage("web").counts().keySet());
	}

	private void start() {
		ObservationHandler<Observation.Context> recorder = new ObservationHandler<>() {

			@Override
			public void onStop(Observation.Context context) {
				if (context.getName().startsWith("orderly.shutdown")) {
					ShutdownObservationKeysTests.this.stopped.add(context);
				}
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		};
		this.context = TestWebApplication.start(new SpringApplicationBuilder(DrainTestApplication.class),
				Map.of("recordingListener", this.listener, "observationRecorder", recorder, "outbox",
						ShutdownTaskRegistration.of("flush", "outbox", (task) -> {
						})),
				List.of(TestWebApplication.ON_TOMCAT, "orderly.shutdown.drain.quiet-period=200ms",
						"orderly.shutdown.drain.max-delay=1s"));
	}

	private Observation.Context stage(String name) {
		return this.stopped.stream()
			.filter((context) -> context.getName().equals("orderly.shutdown.stage"))
			.filter((context) -> name.equals(context.getLowCardinalityKeyValue("stage").getValue()))
			.findFirst()
			.orElseThrow();
	}

	private static ShutdownObservationDocumentation documentationOf(Observation.Context context) {
		return Arrays.stream(ShutdownObservationDocumentation.values())
			.filter((documentation) -> documentation.getName().equals(context.getName()))
			.findFirst()
			.orElseThrow();
	}

	private static List<String> keys(Iterable<KeyValue> keyValues) {
		List<String> keys = new ArrayList<>();
		keyValues.forEach((keyValue) -> keys.add(keyValue.getKey()));
		return keys;
	}

	private static List<String> names(KeyName[] keyNames) {
		return Arrays.stream(keyNames).map(KeyName::asString).toList();
	}

}

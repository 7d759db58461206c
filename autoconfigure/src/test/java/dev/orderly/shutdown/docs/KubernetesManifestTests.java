package dev.orderly.shutdown.docs;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the Kubernetes manifest of the docs consistent: the grace period fits the budget and
 * the margin, the application is told the same grace period, no preStop sleep is needed, and
 * the probes reach the main port.
 */
class KubernetesManifestTests {

	private static final Path MANIFEST = Path.of("..", "deploy", "kubernetes", "orders.yaml");

	@Test
	@SuppressWarnings("unchecked")
	void gracePeriodFitsTheBudgetAndTheApplicationKnowsIt() throws IOException {
		Map<String, Object> pod = podSpec();
		Duration grace = Duration.ofSeconds(((Number) pod.get("terminationGracePeriodSeconds")).longValue());
		Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
		Map<String, String> env = env(container);
		Duration budget = DurationStyle.detectAndParse(env.get("ORDERLY_SHUTDOWN_TIMEOUT"));
		Duration margin = DurationStyle.detectAndParse(env.get("ORDERLY_SHUTDOWN_TERMINATION_MARGIN"));
		assertThat(budget.plus(margin)).isLessThanOrEqualTo(grace);
		assertThat(DurationStyle.detectAndParse(env.get("ORDERLY_SHUTDOWN_TERMINATION_GRACE_PERIOD"))).isEqualTo(grace);
		assertThat(container).doesNotContainKey("lifecycle");
		assertThat(env).containsEntry("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ADD_ADDITIONAL_PATHS", "true");
		assertThat(((Map<String, Map<String, Object>>) container.get("readinessProbe")).get("httpGet"))
			.containsEntry("path", "/readyz")
			.containsEntry("port", "http");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> podSpec() throws IOException {
		List<Map<String, Object>> documents = new ArrayList<>();
		try (Reader reader = Files.newBufferedReader(MANIFEST)) {
			new Yaml().loadAll(reader).forEach((document) -> documents.add((Map<String, Object>) document));
		}
		Map<String, Object> deployment = documents.stream()
			.filter((document) -> "Deployment".equals(document.get("kind")))
			.findFirst()
			.orElseThrow();
		Map<String, Object> template = (Map<String, Object>) ((Map<String, Object>) deployment.get("spec"))
			.get("template");
		return (Map<String, Object>) template.get("spec");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> env(Map<String, Object> container) {
		Map<String, String> env = new java.util.LinkedHashMap<>();
		for (Map<String, Object> variable : (List<Map<String, Object>>) container.get("env")) {
			env.put((String) variable.get("name"), String.valueOf(variable.get("value")));
		}
		return env;
	}

}

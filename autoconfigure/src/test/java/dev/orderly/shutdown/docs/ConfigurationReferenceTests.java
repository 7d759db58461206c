package dev.orderly.shutdown.docs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps {@code docs/configuration.md} and the generated configuration metadata in step: every
 * property, default and description in the metadata is in the page, and the page names no
 * property the metadata lacks.
 */
class ConfigurationReferenceTests {

	private static final Path PAGE = Path.of("..", "docs", "configuration.md");

	/** A setting of one built-in stage, described in the metadata for IDEs. */
	private static final Pattern STAGE_SETTING = Pattern
		.compile("orderly\\.shutdown\\.stages\\.(consumers|flush|release)\\.([a-z-]+)");

	private static final Path PROPERTIES_SOURCE = Path
		.of("src/main/java/dev/orderly/shutdown/autoconfigure/OrderlyShutdownProperties.java");

	@Test
	void everyPropertyIsDocumentedWithItsDefaultAndDescription() throws IOException {
		String page = Files.readString(PAGE);
		for (Map<String, Object> property : properties()) {
			String name = (String) property.get("name");
			Object defaultValue = property.get("defaultValue");
			String documentedDefault = (defaultValue != null) ? "`" + String.valueOf(defaultValue).toLowerCase() + "`"
					: "(none)";
			Matcher stageSetting = STAGE_SETTING.matcher(name);
			if (stageSetting.matches()) {
				// One row describes a setting for every stage; its default names each built-in one's.
				Matcher row = Pattern.compile("^\\| `orderly\\.shutdown\\.stages\\.<name>\\." + stageSetting.group(2)
						+ "` \\| ([^|]*) \\| (.*) \\|$", Pattern.MULTILINE).matcher(page);
				assertThat(row.find()).as("row for %s", name).isTrue();
				assertThat(row.group(1)).as("default of %s", name).contains(documentedDefault);
				assertThat(row.group(2)).as("description of %s", name).isEqualTo(property.get("description"));
			}
			else {
				assertThat(page).as("row for %s", name)
					.contains("| `" + name + "` | " + documentedDefault + " | " + property.get("description") + " |");
			}
		}
	}

	@Test
	void everyDocumentedPropertyExists() throws IOException {
		List<String> names = properties().stream().map((property) -> (String) property.get("name")).toList();
		Matcher documented = Pattern.compile("^\\| `(orderly\\.shutdown\\.[a-z.-]+)` \\|", Pattern.MULTILINE)
			.matcher(Files.readString(PAGE));
		int rows = 0;
		while (documented.find()) {
			assertThat(names).as("metadata").contains(documented.group(1));
			rows++;
		}
		assertThat(rows).isEqualTo(names.stream().filter((name) -> !STAGE_SETTING.matcher(name).matches()).count());
	}

	@Test
	void idesDescribeTheSettingsOfEachBuiltInStageAsTheStageTypeDoes() throws IOException {
		Map<String, String> stageFields = stageFieldDescriptions();
		List<String> stageSettings = List.of("order", "timeout", "beans", "lifecycles");
		assertThat(stageFields).containsOnlyKeys(stageSettings);
		Map<String, List<String>> settings = Map.of("consumers", stageSettings, "flush", stageSettings, "release",
				stageSettings);
		List<Map<String, Object>> properties = properties();
		settings.forEach((stage, names) -> names.forEach((setting) -> {
			String name = "orderly.shutdown.stages." + stage + "." + setting;
			assertThat(properties).as(name)
				.filteredOn((property) -> name.equals(property.get("name")))
				.singleElement()
				.satisfies((property) -> assertThat(property.get("description")).isEqualTo(stageFields.get(setting)));
		}));
	}

	@Test
	void theDeprecatedWebStageTimeoutIsDescribedAsItsReplacementWithoutTheStagesDefault() throws IOException {
		List<Map<String, Object>> properties = properties();
		Map<String, Object> replacement = properties.stream()
			.filter((property) -> "orderly.shutdown.web.timeout".equals(property.get("name")))
			.findFirst()
			.orElseThrow();
		assertThat(properties).filteredOn((property) -> "orderly.shutdown.stages.web.timeout".equals(property.get("name")))
			.singleElement()
			.satisfies((property) -> {
				assertThat(property.get("description")).isEqualTo(replacement.get("description"));
				assertThat(property).doesNotContainKey("defaultValue");
			});
	}

	@Test
	void everyPropertyHasADescription() throws IOException {
		assertThat(properties()).allSatisfy((property) -> assertThat((String) property.get("description")).isNotBlank());
	}

	/**
	 * The Javadoc of each field of {@code OrderlyShutdownProperties.Stage}, as the configuration
	 * processor would turn it into a description.
	 */
	private static Map<String, String> stageFieldDescriptions() throws IOException {
		String source = Files.readString(PROPERTIES_SOURCE);
		String stage = source.substring(source.indexOf("public static class Stage {"));
		Matcher field = Pattern.compile("/\\*\\*(.*?)\\*/\\s*private [^;=]*?(\\w+)\\s*[;=]", Pattern.DOTALL)
			.matcher(stage);
		Map<String, String> descriptions = new LinkedHashMap<>();
		while (field.find()) {
			String text = field.group(1).replaceAll("\\s*\\*\\s*", " ").trim();
			descriptions.put(field.group(2), text);
		}
		return descriptions;
	}

	private static List<Map<String, Object>> properties() throws IOException {
		try (InputStream metadata = new ClassPathResource("META-INF/spring-configuration-metadata.json")
			.getInputStream()) {
			return JsonPath.read(metadata, "$.properties[?(@.name =~ /orderly\\.shutdown\\..*/)]");
		}
	}

}

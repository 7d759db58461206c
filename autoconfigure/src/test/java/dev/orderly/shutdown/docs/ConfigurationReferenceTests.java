package dev.orderly.shutdown.docs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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

	@Test
	void everyPropertyIsDocumentedWithItsDefaultAndDescription() throws IOException {
		String page = Files.readString(PAGE);
		for (Map<String, Object> property : properties()) {
			String name = (String) property.get("name");
			Object defaultValue = property.get("defaultValue");
			String expected = "| `" + name + "` | "
					+ ((defaultValue != null) ? "`" + String.valueOf(defaultValue).toLowerCase() + "`" : "(none)") + " | "
					+ property.get("description") + " |";
			assertThat(page).as("row for %s", name).contains(expected);
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
		assertThat(rows).isEqualTo(names.size());
	}

	@Test
	void everyPropertyHasADescription() throws IOException {
		assertThat(properties()).allSatisfy((property) -> assertThat((String) property.get("description")).isNotBlank());
	}

	private static List<Map<String, Object>> properties() throws IOException {
		try (InputStream metadata = new ClassPathResource("META-INF/spring-configuration-metadata.json")
			.getInputStream()) {
			return JsonPath.read(metadata, "$.properties[?(@.name =~ /orderly\\.shutdown\\..*/)]");
		}
	}

}

package dev.orderly.shutdown.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.orderly.shutdown.ShutdownTaskRegistration;
import dev.orderly.shutdown.internal.drain.DrainTestApplication;
import dev.orderly.shutdown.testsupport.TestWebApplication;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the table of section "Meters" of {@code docs/observability.md} true: a web application with a task
 * runs a shutdown with Spring Boot's metrics, and the meters the starter left in the registry
 * (its own, and those Spring Boot's observation handler made of its observations) are exactly
 * the table's rows, with their types and tag keys.
 */
class MeterReferenceTests {

	private static final Path PAGE = Path.of("..", "docs", "observability.md");

	/** A row of the table: meter, type, unit, tags, what. */
	private static final Pattern ROW = Pattern
		.compile("^\\| `(orderly\\.shutdown[a-z.-]*)` \\|([^|]*)\\|[^|]*\\|([^|]*)\\|", Pattern.MULTILINE);

	private static final Pattern CODE = Pattern.compile("`([^`]+)`");

	@AutoClose
	private ConfigurableApplicationContext context;

	@Test
	void theMetersOfAShutdownAreExactlyThoseInTheDocumentedTable() throws IOException {
		this.context = TestWebApplication.start(new SpringApplicationBuilder(DrainTestApplication.class),
				Map.of("outbox", ShutdownTaskRegistration.of("flush", "outbox", (task) -> {
				})), List.of(TestWebApplication.ON_TOMCAT, "orderly.shutdown.drain.quiet-period=200ms",
						"orderly.shutdown.drain.max-delay=1s"));
		MeterRegistry registry = this.context.getBean(MeterRegistry.class);
		this.context.close();
		Set<String> registered = registry.getMeters()
			.stream()
			.filter((meter) -> meter.getId().getName().startsWith("orderly.shutdown"))
			.map(MeterReferenceTests::describe)
			.collect(Collectors.toCollection(TreeSet::new));
		assertThat(registered).isEqualTo(documented());
	}

	/** {@code name type [tag keys]}, as a row of the table describes a meter. */
	private static String describe(Meter meter) {
		String type = meter.getId().getType().name().toLowerCase(Locale.ROOT).replace('_', ' ');
		Set<String> tags = meter.getId()
			.getTags()
			.stream()
			.map(Tag::getKey)
			.collect(Collectors.toCollection(TreeSet::new));
		return meter.getId().getName() + " " + type + " " + tags;
	}

	private static Set<String> documented() throws IOException {
		String page = Files.readString(PAGE);
		int meters = page.indexOf("\n## Meters\n");
		assertThat(meters).as("section Meters").isNotNegative();
		Matcher row = ROW.matcher(page.substring(meters, page.indexOf("\n## ", meters + 1)));
		Set<String> documented = new TreeSet<>();
		while (row.find()) {
			Set<String> tags = new TreeSet<>();
			Matcher tag = CODE.matcher(row.group(3));
			while (tag.find()) {
				tags.add(tag.group(1));
			}
			documented.add(row.group(1) + " " + row.group(2).trim() + " " + tags);
		}
		return documented;
	}

}

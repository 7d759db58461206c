package dev.orderly.shutdown.benchmarks;

import java.util.List;

/** The runners' settings from the environment ({@code BENCH_*} variables). */
final class Settings {

	private Settings() {
	}

	/** A whole number from the environment variable, or the default when it is unset or blank. */
	static long setting(String environmentVariable, long defaultValue) {
		String value = System.getenv(environmentVariable);
		return (value == null || value.isBlank()) ? defaultValue : Long.parseLong(value.strip());
	}

	/** The words of the environment variable (such as JVM options), none when it is unset. */
	static List<String> words(String environmentVariable) {
		String value = System.getenv().getOrDefault(environmentVariable, "").trim();
		return value.isEmpty() ? List.of() : List.of(value.split("\\s+"));
	}

}

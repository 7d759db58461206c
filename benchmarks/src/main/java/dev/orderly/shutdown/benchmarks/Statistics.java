package dev.orderly.shutdown.benchmarks;

import java.util.List;

/** The summary statistics the benchmark runners print. */
final class Statistics {

	private Statistics() {
	}

	/** The median; the mean of the two middle values for an even count. */
	static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

}

package dev.orderly.shutdown.internal.engine;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The names closest to a misspelled one, for a "did you mean" in configuration problems.
 * Closeness is the Damerau-Levenshtein distance (optimal string alignment), ignoring case;
 * only a few close names are suggested, so a short or unrelated name suggests nothing
 * rather than a long list.
 */
public final class SimilarNames {

	private static final int MOST_SUGGESTED = 3;

	private SimilarNames() {
	}

	/**
	 * The candidates a misspelling of {@code name} most likely meant, closest first.
	 * @param name the name as written
	 * @param candidates the names that exist
	 * @return at most three names, closest first; empty when none is close
	 */
	public static List<String> to(String name, Collection<String> candidates) {
		// One edit per four characters, at least one and at most three: 'flusj' -> 'flush',
		// 'legacyClinet' -> 'legacyClient', but 'web' matches nothing it merely shares letters with.
		int threshold = Math.max(1, Math.min(3, name.length() / 4));
		String lower = name.toLowerCase(Locale.ROOT);
		record Candidate(String name, int distance) {
		}
		return candidates.stream()
			.distinct()
			.filter((candidate) -> !candidate.equals(name))
			.map((candidate) -> new Candidate(candidate, distance(lower, candidate.toLowerCase(Locale.ROOT))))
			.filter((candidate) -> candidate.distance() <= threshold)
			.sorted(Comparator.comparingInt(Candidate::distance).thenComparing(Candidate::name))
			.limit(MOST_SUGGESTED)
			.map(Candidate::name)
			.toList();
	}

	/**
	 * A "did you mean" clause for a problem's description.
	 * @param name the name as written
	 * @param candidates the names that exist
	 * @return {@code "; did you mean 'a' or 'b'?"}, or an empty string when none is close
	 */
	public static String didYouMean(String name, Collection<String> candidates) {
		List<String> similar = to(name, candidates).stream().map((candidate) -> "'" + candidate + "'").toList();
		if (similar.isEmpty()) {
			return "";
		}
		String last = similar.get(similar.size() - 1);
		String others = similar.subList(0, similar.size() - 1).stream().collect(Collectors.joining(", "));
		return "; did you mean " + (others.isEmpty() ? last : others + " or " + last) + "?";
	}

	static int distance(String a, String b) {
		int[][] d = new int[a.length() + 1][b.length() + 1];
		for (int i = 0; i <= a.length(); i++) {
			d[i][0] = i;
		}
		for (int j = 0; j <= b.length(); j++) {
			d[0][j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			for (int j = 1; j <= b.length(); j++) {
				int cost = (a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1;
				d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
				if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
					d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
				}
			}
		}
		return d[a.length()][b.length()];
	}

}

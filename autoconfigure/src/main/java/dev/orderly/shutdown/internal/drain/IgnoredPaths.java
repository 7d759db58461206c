package dev.orderly.shutdown.internal.drain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Paths of requests that are not traffic, such as health checks: they are not counted as
 * in flight and do not keep the drain open. Each is a {@link PathPattern} matched against
 * the path within the application, after the context path, as Spring MVC and WebFlux match
 * their mappings: with {@code server.servlet.context-path=/api} (or, in a WebFlux
 * application, {@code spring.webflux.base-path=/api}), {@code /actuator/**} matches
 * {@code /api/actuator/health}. Servlet and reactive requests are matched by the same
 * code.
 * <p>
 * Some of them may be health checks (the actuator's health endpoint, its groups and their
 * additional paths): during the drain, their answers are recorded as the balancers' view of
 * the instance ({@link ReadinessProbeFailures}).
 * <p>
 * The starter provides the actuator's paths and those of
 * {@code orderly.shutdown.drain.ignored-paths}; a bean of this type adds more:
 * <pre class="code">
 * &#64;Bean
 * IgnoredPaths balancerProbes() {
 *     return IgnoredPaths.of(List.of("/ping", "/status/**"));
 * }
 * </pre>
 */
public final class IgnoredPaths {

	private static final IgnoredPaths NONE = new IgnoredPaths(List.of(), null);

	/**
	 * A top-level path and a nested one, with names no application maps: a pattern matching
	 * both matches every path an application serves (or all but its root).
	 */
	private static final List<PathContainer> EVERY_PATH = Stream
		.of("/orderly-shutdown-probe", "/orderly-shutdown-probe/a/b.json")
		.map(PathContainer::parsePath)
		.toList();

	private final List<PathPattern> patterns;

	/** The literal start of each pattern, to pass over most requests without parsing. */
	private final String[] literalPrefixes;

	/** The health checks among these paths, or {@code null} if none is. */
	private final @Nullable IgnoredPaths healthChecks;

	private IgnoredPaths(List<PathPattern> patterns, @Nullable IgnoredPaths healthChecks) {
		this.patterns = List.copyOf(patterns);
		this.literalPrefixes = patterns.stream().map(IgnoredPaths::literalPrefix).toArray(String[]::new);
		this.healthChecks = healthChecks;
	}

	/**
	 * Paths matching any of the given patterns.
	 * @param patterns path patterns within the application, such as {@code /ping} or
	 * {@code /internal/**}
	 * @return the paths
	 * @throws IllegalArgumentException if a pattern does not start with {@code /} or
	 * cannot be parsed
	 */
	public static IgnoredPaths of(Collection<String> patterns) {
		return new IgnoredPaths(parse(patterns), null);
	}

	/**
	 * Paths of health checks, such as {@code /actuator/health/**}: not traffic, and, during
	 * the drain, answers that tell whether the balancers have seen the instance out of
	 * service.
	 * @param patterns path patterns within the application
	 * @return the paths
	 * @throws IllegalArgumentException if a pattern does not start with {@code /} or
	 * cannot be parsed
	 */
	public static IgnoredPaths healthChecks(Collection<String> patterns) {
		List<PathPattern> parsed = parse(patterns);
		return new IgnoredPaths(parsed, new IgnoredPaths(parsed, null));
	}

	private static List<PathPattern> parse(Collection<String> patterns) {
		List<PathPattern> parsed = new ArrayList<>();
		for (String pattern : patterns) {
			if (!pattern.startsWith("/")) {
				throw new IllegalArgumentException("'" + pattern + "' does not start with '/'");
			}
			parsed.add(PathPatternParser.defaultInstance.parse(pattern));
		}
		return parsed;
	}

	/**
	 * No paths: every request is traffic.
	 * @return the empty set of paths
	 */
	public static IgnoredPaths none() {
		return NONE;
	}

	/**
	 * These paths and the given ones.
	 * @param other more paths
	 * @return both
	 */
	public IgnoredPaths and(IgnoredPaths other) {
		IgnoredPaths healthChecks = (this.healthChecks == null) ? other.healthChecks
				: (other.healthChecks == null) ? this.healthChecks : this.healthChecks.and(other.healthChecks);
		return new IgnoredPaths(Stream.concat(this.patterns.stream(), other.patterns.stream()).toList(),
				healthChecks);
	}

	/**
	 * Whether a servlet request is to one of these paths.
	 * @param requestUri the request's URI as received, without the query
	 * ({@code HttpServletRequest.getRequestURI()})
	 * @param contextPath the context path it starts with
	 * ({@code HttpServletRequest.getContextPath()})
	 * @return whether it is not traffic
	 */
	public boolean matches(String requestUri, String contextPath) {
		if (this.patterns.isEmpty() || cannotMatch(requestUri, contextPath)) {
			return false;
		}
		PathContainer path;
		try {
			path = RequestPath.parse(requestUri, contextPath).pathWithinApplication();
		}
		catch (IllegalArgumentException ex) {
			// a URI the context path is not a prefix of: count it, as traffic is the safe side
			return false;
		}
		return anyMatches(path);
	}

	/**
	 * Whether a reactive request is to one of these paths.
	 * @param path the request's path ({@code ServerHttpRequest.getPath()}), whose context
	 * path is WebFlux's base path
	 * @return whether it is not traffic
	 */
	public boolean matches(RequestPath path) {
		if (this.patterns.isEmpty() || cannotMatch(path.value(), path.contextPath().value())) {
			return false;
		}
		return anyMatches(path.pathWithinApplication());
	}

	/**
	 * Whether a servlet request to one of these paths is a health check.
	 * @param requestUri the request's URI as received, without the query
	 * @param contextPath the context path it starts with
	 * @return whether it is a health check
	 */
	public boolean isHealthCheck(String requestUri, String contextPath) {
		return this.healthChecks != null && this.healthChecks.matches(requestUri, contextPath);
	}

	/**
	 * Whether a reactive request to one of these paths is a health check.
	 * @param path the request's path
	 * @return whether it is a health check
	 */
	public boolean isHealthCheck(RequestPath path) {
		return this.healthChecks != null && this.healthChecks.matches(path);
	}

	/**
	 * Whether one of these patterns matches every path of the application, so that no
	 * request at all would count as traffic.
	 * @return the first such pattern, or {@code null}
	 */
	public @Nullable String matchingEveryPath() {
		for (PathPattern pattern : this.patterns) {
			if (EVERY_PATH.stream().allMatch(pattern::matches)) {
				return pattern.getPatternString();
			}
		}
		return null;
	}

	/**
	 * The common case, an application request, is passed over without parsing its path (a
	 * few ns, against about a microsecond): no pattern can match a plain path that does not
	 * start with one of their literal starts.
	 */
	private boolean cannotMatch(String rawPath, String contextPath) {
		return isPlain(rawPath) && rawPath.startsWith(contextPath)
				&& !hasLiteralPrefix(rawPath, contextPath.length());
	}

	private boolean anyMatches(PathContainer path) {
		for (PathPattern pattern : this.patterns) {
			if (pattern.matches(path)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether the raw path is the path that patterns match: no encoded characters to decode
	 * and no matrix parameters to remove.
	 */
	private static boolean isPlain(String uri) {
		return uri.indexOf('%') < 0 && uri.indexOf(';') < 0;
	}

	private boolean hasLiteralPrefix(String uri, int offset) {
		for (String prefix : this.literalPrefixes) {
			if (uri.startsWith(prefix, offset)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The part of a pattern before its first wildcard or variable, without a trailing
	 * {@code /}, since {@code /actuator/**} also matches {@code /actuator}.
	 */
	private static String literalPrefix(PathPattern pattern) {
		String text = pattern.getPatternString();
		int end = text.length();
		for (char special : new char[] { '*', '?', '{' }) {
			int index = text.indexOf(special);
			if (index >= 0 && index < end) {
				end = index;
			}
		}
		String prefix = text.substring(0, end);
		return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
	}

	/**
	 * The patterns, as given.
	 * @return the patterns
	 */
	public List<String> patterns() {
		return this.patterns.stream().map(PathPattern::getPatternString).toList();
	}

	@Override
	public String toString() {
		return patterns().toString();
	}

}

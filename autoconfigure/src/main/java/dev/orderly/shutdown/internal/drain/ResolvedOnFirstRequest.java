package dev.orderly.shutdown.internal.drain;

import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The {@link IgnoredPaths} of a filter, asked for once, at the first request: a filter is
 * created with the web server, before most beans, and the actuator's paths need its
 * endpoints, which the filter should not pull in early. Shared by the servlet and the
 * reactive filter.
 */
final class ResolvedOnFirstRequest {

	private static final Log logger = LogFactory.getLog(ResolvedOnFirstRequest.class);

	private final Supplier<IgnoredPaths> supplier;

	private volatile @Nullable IgnoredPaths ignoredPaths;

	ResolvedOnFirstRequest(Supplier<IgnoredPaths> supplier) {
		this.supplier = supplier;
	}

	IgnoredPaths get() {
		IgnoredPaths paths = this.ignoredPaths;
		if (paths != null) {
			return paths;
		}
		synchronized (this) {
			if (this.ignoredPaths == null) {
				this.ignoredPaths = resolve();
			}
			return this.ignoredPaths;
		}
	}

	/**
	 * Resolved once: a supplier that failed would fail again, and counting a health check as
	 * traffic only keeps the drain open longer, up to its maximum.
	 */
	private IgnoredPaths resolve() {
		try {
			return this.supplier.get();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not resolve the paths that are not traffic; every request now counts as traffic, "
					+ "so health checks may keep the drain open up to orderly.shutdown.drain.max-delay", ex);
			return IgnoredPaths.none();
		}
	}

}

package dev.orderly.shutdown.internal.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.orderly.shutdown.internal.plan.ShutdownPhases;
import org.jspecify.annotations.Nullable;

import org.springframework.context.Lifecycle;

/**
 * One lifecycle phase that holds beans Spring stops at shutdown, as found at startup.
 *
 * @param phase the phase
 * @param beans the beans by name, in the order Spring asks them to stop
 * @param stage the starter's stage that runs in this phase and bounds its wait, or
 * {@code null} for a phase the starter does not own
 */
public record LifecyclePhase(int phase, Map<String, Lifecycle> beans, @Nullable String stage) {

	public LifecyclePhase {
		beans = Collections.unmodifiableMap(new LinkedHashMap<>(beans));
	}

	/** How the report names a phase the starter does not own: {@code phase 1073741823}. */
	static final String NAME_PREFIX = "phase ";

	/**
	 * The bean names, in the order Spring asks them to stop.
	 * @return the names
	 */
	public List<String> beanNames() {
		return List.copyOf(this.beans.keySet());
	}

	/**
	 * The phase with only its beans that are running now: Spring stops no other.
	 * @return the phase with its running beans
	 */
	LifecyclePhase running() {
		Map<String, Lifecycle> running = new LinkedHashMap<>();
		this.beans.forEach((name, bean) -> {
			if (isRunning(bean)) {
				running.put(name, bean);
			}
		});
		return new LifecyclePhase(this.phase, running, this.stage);
	}

	static boolean isRunning(Lifecycle bean) {
		try {
			return bean.isRunning();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * Whether a stage of the starter runs in this phase (and bounds Spring's wait for it).
	 * @return whether the phase is the starter's
	 */
	public boolean ownedByStage() {
		return this.stage != null;
	}

	/**
	 * Whether the run's report covers this phase: it stops before the report is finished.
	 * @return whether the phase is in the report
	 */
	public boolean inReport() {
		return this.phase >= ShutdownPhases.REPORT_FLOOR;
	}

	/**
	 * The name of the phase's row in the report.
	 * @return for example {@code phase 1073741823}
	 */
	public String name() {
		return NAME_PREFIX + this.phase;
	}

}

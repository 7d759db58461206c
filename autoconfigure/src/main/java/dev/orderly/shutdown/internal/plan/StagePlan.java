package dev.orderly.shutdown.internal.plan;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One planned stage, with the settings its kind runs on: the {@link Drain}, the {@link Web}
 * stage, or an {@link Application} stage. Whatever runs a stage reads its settings from
 * here, so the plan validated at startup is exactly what runs.
 */
public sealed interface StagePlan permits StagePlan.Drain, StagePlan.Web, StagePlan.Application {

	/** Name of the drain stage, the one {@link StageKind#DRAIN} stage. */
	String DRAIN = "drain";

	/** Name of the web stage, the one {@link StageKind#WEB} stage. */
	String WEB = "web";

	/** Name of the built-in stage that stops what takes background work in, such as listener containers. */
	String CONSUMERS = "consumers";

	/** Name of the built-in stage that persists what is buffered, where executors finish their tasks. */
	String FLUSH = "flush";

	/**
	 * The stage name.
	 * @return the name
	 */
	String name();

	/**
	 * What runs the stage.
	 * @return the kind
	 */
	StageKind kind();

	/**
	 * The stage's time limit, also the default limit of each of its tasks.
	 * @return the timeout
	 */
	Duration timeout();

	/**
	 * The configured order (application stages only; stages run in ascending order).
	 * @return the order; {@link Integer#MIN_VALUE} for the drain and the web stage
	 */
	default int order() {
		return Integer.MIN_VALUE;
	}

	/**
	 * The {@code SmartLifecycle} phase the stage stops in (application stages only).
	 * @return the phase, {@code 0} for the drain and the web stage
	 */
	default int phase() {
		return 0;
	}

	/**
	 * Beans whose cleanup runs inside this stage (application stages only).
	 * @return the bean names
	 */
	default List<String> adoptedBeans() {
		return List.of();
	}

	/**
	 * Lifecycle beans whose stop runs inside this stage instead of at their own phase
	 * (application stages only).
	 * @return the bean names
	 */
	default List<String> lifecycles() {
		return List.of();
	}

	/**
	 * Where the timeout comes from, for the startup plan and error messages, when not from
	 * the stage's own setting (such as Spring Boot's phase timeout for the web stage).
	 * @return the source, or {@code null} when it is the stage's own setting
	 */
	default @Nullable String timeoutSource() {
		return null;
	}

	/**
	 * Whether the timeout comes from somewhere other than the stage's own setting, such as
	 * Spring Boot's {@code spring.lifecycle.timeout-per-shutdown-phase} for the web stage.
	 * @return whether the plan should say where the timeout comes from
	 */
	default boolean hasTimeoutFromElsewhere() {
		return timeoutSource() != null;
	}

	/**
	 * Whether the stage runs application tasks.
	 * @return whether this is an application stage
	 */
	default boolean isApplication() {
		return kind() == StageKind.APPLICATION;
	}

	/**
	 * The drain: keep serving after readiness goes down until no application request has
	 * arrived for the quiet period, but never before the min delay and never after the max
	 * delay, which is its timeout.
	 *
	 * @param quietPeriod time without application requests that ends the drain
	 * @param minDelay least time the drain lasts (the platform's default included)
	 * @param maxDelay most time the drain lasts
	 * @param ignoredPaths path patterns of requests that are not traffic
	 * @param minQuietPeriod least silence that ends the drain, the floor of the adaptive rule
	 * (the quiet period is its ceiling); equal to the quiet period, the rule is fixed
	 * @param balancerFailureThreshold failures of a readiness probe after which its prober
	 * has stopped routing here, or {@code null} if the probes are not a signal
	 */
	record Drain(Duration quietPeriod, Duration minDelay, Duration maxDelay, List<String> ignoredPaths,
			Duration minQuietPeriod, @Nullable Integer balancerFailureThreshold) implements StagePlan {

		/** Count of the requests served while draining. */
		public static final String REQUESTS_SERVED = "requests.served";

		/**
		 * The drain's overshoot in milliseconds: from the last application request it
		 * received (or its start, if none came) to its end.
		 */
		public static final String OVERSHOOT_MS = "overshoot-ms";

		public Drain {
			ignoredPaths = List.copyOf(ignoredPaths);
		}

		@Override
		public String name() {
			return DRAIN;
		}

		@Override
		public StageKind kind() {
			return StageKind.DRAIN;
		}

		@Override
		public Duration timeout() {
			return this.maxDelay;
		}

	}

	/**
	 * The web stage: Spring Boot's graceful shutdown, bounded by the timeout. With
	 * {@code server.shutdown=immediate} there is no graceful shutdown: the stage plans no
	 * time, and the server's stop cuts off the requests in flight.
	 *
	 * @param timeout the stage's time limit, zero when the shutdown is immediate
	 * @param timeoutSource where the timeout comes from when not from
	 * {@code orderly.shutdown.web.timeout}, or {@code null}
	 * @param immediate whether Spring Boot's {@code server.shutdown} is {@code immediate}
	 */
	record Web(Duration timeout, @Nullable String timeoutSource, boolean immediate) implements StagePlan {

		/** How the plan and the report name an immediate shutdown. */
		public static final String IMMEDIATE = "server.shutdown=immediate";

		/**
		 * A graceful web stage.
		 * @param timeout the stage's time limit
		 * @param timeoutSource where the timeout comes from, or {@code null}
		 */
		public Web(Duration timeout, @Nullable String timeoutSource) {
			this(timeout, timeoutSource, false);
		}

		/**
		 * The web stage of a server that shuts down immediately: no time planned.
		 * @return the stage
		 */
		public static Web immediateShutdown() {
			return new Web(Duration.ZERO, IMMEDIATE, true);
		}

		/** Count of the requests in flight when the server stopped accepting. */
		public static final String REQUESTS_IN_FLIGHT = "requests.in-flight";

		/** Count of the requests still active at the stage's end, which the server cuts off. */
		public static final String REQUESTS_CUT_OFF = "requests.cut-off";

		@Override
		public String name() {
			return WEB;
		}

		@Override
		public StageKind kind() {
			return StageKind.WEB;
		}

	}

	/**
	 * A stage of application tasks, run as a {@code SmartLifecycle} at its own phase.
	 *
	 * @param name the stage name
	 * @param order the configured order
	 * @param timeout the stage's time limit, also the default limit of each of its tasks
	 * @param phase the {@code SmartLifecycle} phase the stage stops in
	 * @param adoptedBeans beans whose cleanup runs inside this stage
	 * @param lifecycles lifecycle beans whose stop runs inside this stage instead of at their
	 * own phase: those named in {@code orderly.shutdown.stages.<stage>.lifecycles} and the
	 * defaults the starter placed here
	 */
	record Application(String name, int order, Duration timeout, int phase, List<String> adoptedBeans,
			List<String> lifecycles) implements StagePlan {

		public Application {
			adoptedBeans = List.copyOf(adoptedBeans);
			lifecycles = List.copyOf(lifecycles);
		}

		/**
		 * A stage without lifecycle members.
		 * @param name the stage name
		 * @param order the configured order
		 * @param timeout the stage's time limit
		 * @param phase the {@code SmartLifecycle} phase the stage stops in
		 * @param adoptedBeans beans whose cleanup runs inside this stage
		 */
		public Application(String name, int order, Duration timeout, int phase, List<String> adoptedBeans) {
			this(name, order, timeout, phase, adoptedBeans, List.of());
		}

		@Override
		public StageKind kind() {
			return StageKind.APPLICATION;
		}

	}

}

package dev.orderly.shutdown.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;

/**
 * Configuration of Orderly Shutdown.
 *
 * @since 0.1.0
 */
@ConfigurationProperties(PropertyNames.PREFIX)
public class OrderlyShutdownProperties {

	/**
	 * Whether shutdown runs as ordered, time-boxed stages.
	 */
	private boolean enabled = true;

	/**
	 * Total time budget of one shutdown. The timeouts of all application stages, plus in
	 * web applications the drain's max delay and the web stage's timeout, must add up to no
	 * more than this.
	 */
	private @Nullable Duration budget;

	/**
	 * Total time budget of one shutdown.
	 */
	private @Nullable Duration timeout;

	/**
	 * Time the platform allows between SIGTERM and SIGKILL, such as the pod's
	 * terminationGracePeriodSeconds on Kubernetes. When set, the budget plus the
	 * termination margin must fit within it.
	 */
	private @Nullable Duration terminationGracePeriod;

	/**
	 * Time kept free between the end of the budget and the end of the termination grace
	 * period, for bean destruction and JVM exit.
	 */
	private Duration terminationMargin = Duration.ofSeconds(5);

	private final Drain drain = new Drain();

	private final Web web = new Web();

	private final Report report = new Report();

	private final Exit exit = new Exit();

	private final Lifecycles lifecycles = new Lifecycles();

	/**
	 * Stages by name. Built in: 'consumers' (order 100), 'flush' (200) and 'release'
	 * (300), after 'drain' and 'web', which always come first. A new name with an order
	 * adds a stage. 'web' accepts only a timeout, and is the deprecated place of
	 * orderly.shutdown.web.timeout.
	 */
	private Map<String, Stage> stages = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable Duration getBudget() {
		return this.budget;
	}

	public void setBudget(@Nullable Duration budget) {
		this.budget = budget;
	}

	/**
	 * The budget under its old name.
	 * @return the budget set under the old name
	 * @deprecated since 0.2.0 in favour of {@link #getBudget()}
	 */
	@Deprecated(since = "0.2.0")
	@DeprecatedConfigurationProperty(replacement = "orderly.shutdown.budget", since = "0.2.0")
	public @Nullable Duration getTimeout() {
		return this.timeout;
	}

	/**
	 * Set the budget under its old name.
	 * @param timeout the budget
	 * @deprecated since 0.2.0 in favour of {@link #setBudget(Duration)}
	 */
	@Deprecated(since = "0.2.0")
	public void setTimeout(@Nullable Duration timeout) {
		this.timeout = timeout;
	}

	public @Nullable Duration getTerminationGracePeriod() {
		return this.terminationGracePeriod;
	}

	public void setTerminationGracePeriod(@Nullable Duration terminationGracePeriod) {
		this.terminationGracePeriod = terminationGracePeriod;
	}

	public Duration getTerminationMargin() {
		return this.terminationMargin;
	}

	public void setTerminationMargin(Duration terminationMargin) {
		this.terminationMargin = terminationMargin;
	}

	public Drain getDrain() {
		return this.drain;
	}

	public Web getWeb() {
		return this.web;
	}

	public Report getReport() {
		return this.report;
	}

	public Exit getExit() {
		return this.exit;
	}

	public Lifecycles getLifecycles() {
		return this.lifecycles;
	}

	public Map<String, Stage> getStages() {
		return this.stages;
	}

	public void setStages(Map<String, Stage> stages) {
		this.stages = stages;
	}

	/**
	 * The web stage: Spring Boot's graceful shutdown of the web server.
	 */
	public static class Web {

		/**
		 * Time limit of Spring Boot's graceful shutdown (stop accepting, finish in-flight
		 * requests). Defaults to spring.lifecycle.timeout-per-shutdown-phase when that is
		 * set, otherwise to 5s.
		 */
		private @Nullable Duration timeout;

		public @Nullable Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(@Nullable Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * The drain: keep serving after readiness goes down, until traffic stops.
	 */
	public static class Drain {

		/**
		 * Time without application requests after which the drain ends, at most: the
		 * ceiling of the adaptive quiet period, and the silence required when too few
		 * requests arrive to adapt.
		 */
		private Duration quietPeriod = Duration.ofSeconds(1);

		/**
		 * Least time the drain lasts, even when no traffic arrives. Defaults to 0, or to 3s
		 * on Kubernetes, where endpoint removal takes a few seconds to reach kube-proxy and
		 * ingress controllers.
		 */
		private @Nullable Duration minDelay;

		/**
		 * Most time the drain lasts, even when traffic goes on.
		 */
		private Duration maxDelay = Duration.ofSeconds(5);

		/**
		 * Path patterns, within the application (after the servlet context path or WebFlux's
		 * base path), of requests that are not traffic, such as a load balancer's custom
		 * health check '/ping'. The actuator's endpoints and the health groups' additional
		 * paths are recognised without being listed.
		 */
		private List<String> ignoredPaths = new ArrayList<>();

		/**
		 * Least time without application requests after which the drain ends: the floor
		 * of the quiet period, which adapts to the traffic between this and quiet-period.
		 * Defaults to 100ms, or to quiet-period if that is shorter. Set it to quiet-period
		 * to always wait the full quiet period.
		 */
		private @Nullable Duration minQuietPeriod;

		/**
		 * Failed readiness checks after which a load balancer stops routing to the instance
		 * (HAProxy's 'fall', Kubernetes' readiness 'failureThreshold'). Once every client that
		 * checked readiness during the drain saw that many failures, the drain ends after
		 * min-quiet-period of silence. Unset: the checks are not a signal.
		 */
		private @Nullable Integer balancerFailureThreshold;

		public Duration getQuietPeriod() {
			return this.quietPeriod;
		}

		public void setQuietPeriod(Duration quietPeriod) {
			this.quietPeriod = quietPeriod;
		}

		public @Nullable Duration getMinDelay() {
			return this.minDelay;
		}

		public void setMinDelay(@Nullable Duration minDelay) {
			this.minDelay = minDelay;
		}

		public Duration getMaxDelay() {
			return this.maxDelay;
		}

		public void setMaxDelay(Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

		public List<String> getIgnoredPaths() {
			return this.ignoredPaths;
		}

		public void setIgnoredPaths(List<String> ignoredPaths) {
			this.ignoredPaths = ignoredPaths;
		}

		public @Nullable Duration getMinQuietPeriod() {
			return this.minQuietPeriod;
		}

		public void setMinQuietPeriod(@Nullable Duration minQuietPeriod) {
			this.minQuietPeriod = minQuietPeriod;
		}

		public @Nullable Integer getBalancerFailureThreshold() {
			return this.balancerFailureThreshold;
		}

		public void setBalancerFailureThreshold(@Nullable Integer balancerFailureThreshold) {
			this.balancerFailureThreshold = balancerFailureThreshold;
		}

	}

	/**
	 * The report file.
	 */
	public static class Report {

		/**
		 * File that every shutdown's events are appended to as JSON lines, as they happen.
		 * Unset or empty means no file.
		 */
		private @Nullable Path file;

		/**
		 * Number of runs the report file keeps; older runs are removed at startup.
		 */
		private int keepRuns = 10;

		public @Nullable Path getFile() {
			return this.file;
		}

		public void setFile(@Nullable Path file) {
			this.file = file;
		}

		public int getKeepRuns() {
			return this.keepRuns;
		}

		public void setKeepRuns(int keepRuns) {
			this.keepRuns = keepRuns;
		}

	}

	/**
	 * The end of the process, after the last stage and bean destruction.
	 */
	public static class Exit {

		/**
		 * Time after the shutdown began at which a JVM still alive is halted (exit status
		 * 124), after a final line in the log and the report file, so that the platform's
		 * SIGKILL does not cut the record short. At least the budget, and less than the
		 * termination grace period. Unset means never.
		 */
		private @Nullable Duration haltAfter;

		/**
		 * Time after the application context closed at which a JVM still alive has each live
		 * non-daemon thread logged with its stack and recorded in the report file.
		 */
		private Duration threadReportDelay = Duration.ofSeconds(2);

		public @Nullable Duration getHaltAfter() {
			return this.haltAfter;
		}

		public void setHaltAfter(@Nullable Duration haltAfter) {
			this.haltAfter = haltAfter;
		}

		public Duration getThreadReportDelay() {
			return this.threadReportDelay;
		}

		public void setThreadReportDelay(Duration threadReportDelay) {
			this.threadReportDelay = threadReportDelay;
		}

	}

	/**
	 * Lifecycle beans the starter moves into a stage unless a stage's lifecycles name them.
	 */
	public static class Lifecycles {

		/**
		 * Whether message listener containers (Spring Kafka, Spring AMQP and JMS listener
		 * containers and endpoint registries) stop in the 'consumers' stage, after the web
		 * stage, instead of at their own phase.
		 */
		private boolean listenerContainers = true;

		/**
		 * Whether Spring Boot's application task executor and task scheduler finish their
		 * tasks in the 'flush' stage instead of at Spring's executor phase.
		 */
		private boolean executors = true;

		public boolean isListenerContainers() {
			return this.listenerContainers;
		}

		public void setListenerContainers(boolean listenerContainers) {
			this.listenerContainers = listenerContainers;
		}

		public boolean isExecutors() {
			return this.executors;
		}

		public void setExecutors(boolean executors) {
			this.executors = executors;
		}

	}

	/**
	 * One stage.
	 */
	public static class Stage {

		/**
		 * Position of the stage; application stages run in ascending order. Built in:
		 * consumers 100, flush 200, release 300; required for a new stage.
		 */
		private @Nullable Integer order;

		/**
		 * Time limit of the stage, and the default time limit of each of its tasks.
		 */
		private Duration timeout = Duration.ofSeconds(5);

		/**
		 * Names of beans whose cleanup (destroy method, DisposableBean, close() or
		 * PreDestroy) runs in this stage, timed and reported, instead of in bean
		 * destruction.
		 */
		private List<String> beans = new ArrayList<>();

		/**
		 * Names of Lifecycle or SmartLifecycle beans that stop in this stage, timed and
		 * reported like a task, instead of at their own lifecycle phase.
		 */
		private List<String> lifecycles = new ArrayList<>();

		public @Nullable Integer getOrder() {
			return this.order;
		}

		public void setOrder(@Nullable Integer order) {
			this.order = order;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public List<String> getBeans() {
			return this.beans;
		}

		public void setBeans(List<String> beans) {
			this.beans = beans;
		}

		public List<String> getLifecycles() {
			return this.lifecycles;
		}

		public void setLifecycles(List<String> lifecycles) {
			this.lifecycles = lifecycles;
		}

	}

}

package dev.orderly.shutdown.autoconfigure;

import java.util.function.Supplier;

import dev.orderly.shutdown.internal.drain.GracefulShutdownStage;
import dev.orderly.shutdown.internal.drain.IgnoredPaths;
import dev.orderly.shutdown.internal.drain.InFlightRequests;
import dev.orderly.shutdown.internal.drain.LongLivedResponsesAtDrain;
import dev.orderly.shutdown.internal.drain.ReactorNettyHttp2;
import dev.orderly.shutdown.internal.drain.ReadinessProbeFailures;
import dev.orderly.shutdown.internal.drain.TrafficDrain;
import dev.orderly.shutdown.internal.engine.ShutdownEngine;
import dev.orderly.shutdown.internal.plan.ShutdownPlan;
import dev.orderly.shutdown.internal.plan.StagePlan;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The drain and the web stage, the same for every web stack: the in-flight bookkeeping, the
 * paths that are not traffic, the long-lived responses, the drain and the web stage.
 * Imported by {@link ServletDrainConfiguration} and {@link ReactiveDrainConfiguration},
 * which add the filter that counts their requests.
 */
@Configuration(proxyBeanMethods = false)
@Import(WebStageConfiguration.class)
class DrainConfiguration {

	/**
	 * Requests are counted from the first one, and the drain listens from startup. The paths
	 * that are not traffic are created at startup too, so that one that cannot be fails
	 * startup rather than a request.
	 */
	@Bean
	static LazyInitializationExcludeFilter orderlyShutdownDrainLazyInitializationExcludeFilter() {
		return LazyInitializationExcludeFilter.forBeanTypes(InFlightRequests.class, LongLivedResponsesAtDrain.class,
				TrafficDrain.class, IgnoredPaths.class, ReadinessProbeFailures.class);
	}

	@Bean
	InFlightRequests orderlyShutdownInFlightRequests() {
		return new InFlightRequests();
	}

	@Bean
	ReadinessProbeFailures orderlyShutdownReadinessProbeFailures(InFlightRequests requests) {
		return new ReadinessProbeFailures(requests);
	}

	@Bean
	IgnoredPaths orderlyShutdownConfiguredIgnoredPaths(ShutdownPlan plan) {
		try {
			return IgnoredPaths.of(drain(plan).ignoredPaths());
		}
		catch (IllegalArgumentException ex) {
			// the plan has reported each bad entry with every other problem, and startup fails
			// once they are all known
			return IgnoredPaths.none();
		}
	}

	@Bean
	LongLivedResponsesAtDrain orderlyShutdownLongLivedResponses() {
		return new LongLivedResponsesAtDrain();
	}

	@Bean
	TrafficDrain orderlyShutdownTrafficDrain(ShutdownEngine engine, InFlightRequests requests,
			ReadinessProbeFailures probeFailures, LongLivedResponsesAtDrain longLivedResponses,
			ApplicationContext context, ObjectProvider<ApplicationAvailability> availability) {
		return new TrafficDrain(engine.stageRecorder(), requests, probeFailures, longLivedResponses,
				drain(engine.plan()), context, availability.getIfAvailable());
	}

	@Bean
	GracefulShutdownStage orderlyShutdownGracefulShutdownStage(ShutdownEngine engine, InFlightRequests requests,
			ApplicationContext context) {
		return new GracefulShutdownStage(engine.stageRecorder(),
				(StagePlan.Web) engine.plan().stage(StagePlan.WEB).orElseThrow(), requests,
				() -> ReactorNettyHttp2.serves(context));
	}

	/**
	 * Every {@link IgnoredPaths} bean together, for a filter to resolve at its first request:
	 * the actuator's paths need its endpoints, which a filter, created with the web server,
	 * should not pull in early.
	 */
	static Supplier<IgnoredPaths> allIgnoredPaths(ObjectProvider<IgnoredPaths> ignoredPaths) {
		return () -> ignoredPaths.orderedStream().reduce(IgnoredPaths.none(), IgnoredPaths::and);
	}

	/** Both web stacks always plan the drain (see {@link WebStack#hasDrain()}). */
	private static StagePlan.Drain drain(ShutdownPlan plan) {
		return (StagePlan.Drain) plan.stage(StagePlan.DRAIN).orElseThrow();
	}

}

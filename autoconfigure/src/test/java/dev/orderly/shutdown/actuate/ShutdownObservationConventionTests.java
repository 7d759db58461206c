package dev.orderly.shutdown.actuate;

import dev.orderly.shutdown.ShutdownTaskRegistration;
import dev.orderly.shutdown.autoconfigure.OrderlyShutdownAutoConfiguration;
import dev.orderly.shutdown.autoconfigure.OrderlyShutdownObservationAutoConfiguration;
import dev.orderly.shutdown.observation.DefaultShutdownObservationConvention;
import dev.orderly.shutdown.observation.DefaultShutdownStageObservationConvention;
import dev.orderly.shutdown.observation.DefaultShutdownTaskObservationConvention;
import dev.orderly.shutdown.observation.ShutdownObservationContext;
import dev.orderly.shutdown.observation.ShutdownObservationConvention;
import dev.orderly.shutdown.observation.ShutdownStageObservationContext;
import dev.orderly.shutdown.observation.ShutdownStageObservationConvention;
import dev.orderly.shutdown.observation.ShutdownTaskObservationContext;
import dev.orderly.shutdown.observation.ShutdownTaskObservationConvention;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.GlobalObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;

/**
 * An application names and tags the shutdown's observations its own way by declaring a
 * convention bean, as it does for Spring's HTTP and scheduling observations.
 */
class ShutdownObservationConventionTests {

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OrderlyShutdownAutoConfiguration.class,
				OrderlyShutdownObservationAutoConfiguration.class))
		.withBean(ObservationRegistry.class, () -> this.registry)
		.withBean("outbox", ShutdownTaskRegistration.class,
				() -> ShutdownTaskRegistration.of("flush", "outbox", (context) -> {
				}));

	@Test
	void withoutConventionsOfItsOwnTheObservationsAreNamedAndTaggedAsDocumented() {
		this.runner.run((context) -> context.close());
		assertThat(this.registry).hasNumberOfObservationsWithNameEqualTo("orderly.shutdown", 1)
			.hasNumberOfObservationsWithNameEqualTo("orderly.shutdown.stage", 3)
			.hasNumberOfObservationsWithNameEqualTo("orderly.shutdown.task", 1)
			.hasObservationWithNameEqualTo("orderly.shutdown.task")
			.that()
			.hasContextualNameEqualTo("task flush/outbox")
			.hasLowCardinalityKeyValue("stage", "flush")
			.hasLowCardinalityKeyValue("task", "outbox")
			.hasLowCardinalityKeyValue("outcome", "completed");
	}

	@Test
	void theApplicationsConventionBeansNameAndTagTheRunStageAndTaskObservations() {
		this.runner.withBean(ShutdownObservationConvention.class, TeamRunConvention::new)
			.withBean(ShutdownStageObservationConvention.class, TeamStageConvention::new)
			.withBean(ShutdownTaskObservationConvention.class, TeamTaskConvention::new)
			.run((context) -> context.close());
		assertThat(this.registry).hasNumberOfObservationsWithNameEqualTo("orderly.shutdown", 0)
			.hasObservationWithNameEqualTo("app.shutdown")
			.that()
			.hasContextualNameEqualTo("orderly shutdown")
			.hasLowCardinalityKeyValue("team", "payments")
			.hasLowCardinalityKeyValue("trigger", "context_close");
		assertThat(this.registry).hasNumberOfObservationsWithNameEqualTo("app.shutdown.stage", 3)
			.hasObservationWithNameEqualTo("app.shutdown.stage")
			.that()
			.hasLowCardinalityKeyValue("team", "payments")
			.hasLowCardinalityKeyValueWithKey("stage");
		assertThat(this.registry).hasObservationWithNameEqualTo("app.shutdown.task")
			.that()
			.hasContextualNameEqualTo("flush.outbox")
			.hasLowCardinalityKeyValue("team", "payments")
			.hasLowCardinalityKeyValue("outcome", "completed");
	}

	@Test
	void aGlobalConventionRegisteredWithTheRegistryIsUsedWhenTheApplicationDeclaresNoBean() {
		this.registry.observationConfig().observationConvention(new GlobalTaskConvention());
		this.runner.run((context) -> context.close());
		assertThat(this.registry).hasObservationWithNameEqualTo("orderly.shutdown.task")
			.that()
			.hasLowCardinalityKeyValue("region", "eu");
	}

	static class TeamRunConvention extends DefaultShutdownObservationConvention {

		@Override
		public String getName() {
			return "app.shutdown";
		}

		@Override
		public KeyValues getLowCardinalityKeyValues(ShutdownObservationContext context) {
			return super.getLowCardinalityKeyValues(context).and(KeyValue.of("team", "payments"));
		}

	}

	static class TeamStageConvention extends DefaultShutdownStageObservationConvention {

		@Override
		public String getName() {
			return "app.shutdown.stage";
		}

		@Override
		public KeyValues getLowCardinalityKeyValues(ShutdownStageObservationContext context) {
			return super.getLowCardinalityKeyValues(context).and(KeyValue.of("team", "payments"));
		}

	}

	static class TeamTaskConvention extends DefaultShutdownTaskObservationConvention {

		@Override
		public String getName() {
			return "app.shutdown.task";
		}

		@Override
		public String getContextualName(ShutdownTaskObservationContext context) {
			return context.getStageName() + "." + context.getTaskName();
		}

		@Override
		public KeyValues getLowCardinalityKeyValues(ShutdownTaskObservationContext context) {
			return super.getLowCardinalityKeyValues(context).and(KeyValue.of("team", "payments"));
		}

	}

	static class GlobalTaskConvention extends DefaultShutdownTaskObservationConvention
			implements GlobalObservationConvention<ShutdownTaskObservationContext> {

		@Override
		public KeyValues getLowCardinalityKeyValues(ShutdownTaskObservationContext context) {
			return super.getLowCardinalityKeyValues(context).and(KeyValue.of("region", "eu"));
		}

	}

}

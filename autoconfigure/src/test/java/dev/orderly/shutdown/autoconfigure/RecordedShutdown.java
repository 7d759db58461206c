package dev.orderly.shutdown.autoconfigure;

import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.ShutdownTaskRegistration;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.testsupport.RecordingListener;

import org.springframework.boot.test.context.runner.AbstractApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A shutdown as a user sees it in an auto-configuration test: one task in the flush stage and
 * a listener that records the run, so that closing the context shows whether the starter's
 * core ran its stages, whatever else is on the classpath.
 */
final class RecordedShutdown {

	private RecordedShutdown() {
	}

	/**
	 * Add the task and the listener to a runner; use as {@code runner.with(RecordedShutdown::recorded)}.
	 * @param <R> the runner's type
	 * @param runner the runner
	 * @return the runner with the task and the listener
	 */
	static <R extends AbstractApplicationContextRunner<R, ?, ?>> R recorded(R runner) {
		return runner.withBean(RecordingListener.class, RecordingListener::new)
			.withBean("outbox", ShutdownTaskRegistration.class,
					() -> ShutdownTaskRegistration.of("flush", "outbox", (context) -> {
					}));
	}

	/**
	 * Close a context started by a {@link #recorded(AbstractApplicationContextRunner)} runner
	 * and check that the shutdown ran exactly the given stages, in order, each completed,
	 * with the task in its stage.
	 * @param context the started context
	 * @param stages the names of the stages that must have run
	 * @return the run's report
	 */
	static ShutdownReport closeAndAssertStagesRan(ConfigurableApplicationContext context, String... stages) {
		assertThat(context.isActive()).as("context started").isTrue();
		RecordingListener listener = context.getBean(RecordingListener.class);
		context.close();
		ShutdownReport report = listener.report();
		assertThat(report).as("run finished; events: %s", listener.events).isNotNull();
		assertThat(report.stages()).extracting(StageReport::name).containsExactly(stages);
		assertThat(report.stages()).extracting(StageReport::outcome).containsOnly(ShutdownOutcome.COMPLETED);
		assertThat(listener.events).contains("task finished flush/outbox completed");
		assertThat(report.outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
		return report;
	}

}

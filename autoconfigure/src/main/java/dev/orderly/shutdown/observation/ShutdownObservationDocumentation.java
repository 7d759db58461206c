package dev.orderly.shutdown.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of a shutdown run: one for the run, a child per stage and, below it, one
 * per task. With Spring Boot's metrics each becomes a timer (and a long task timer while it
 * runs); with Micrometer Tracing, one trace per shutdown with a span per stage and task.
 * <p>
 * Low-cardinality keys (meter tags) take only values bounded by the application's
 * configuration: a trigger, an outcome, a stage or task name. What varies from run to run
 * (the run's id, a reason, a failure message, a stage's detail) is high-cardinality, which
 * reaches spans but never meter tags. The counts of the drain and web stages are neither:
 * they are meters of their own, and on the stage's context for a convention that wants them.
 *
 * @since 0.1.0
 */
public enum ShutdownObservationDocumentation implements ObservationDocumentation {

	/**
	 * A whole shutdown run.
	 */
	SHUTDOWN {

		@Override
		public String getName() {
			return "orderly.shutdown";
		}

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultShutdownObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return ShutdownLowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return ShutdownHighCardinalityKeyNames.values();
		}

	},

	/**
	 * One stage of a run.
	 */
	STAGE {

		@Override
		public String getName() {
			return "orderly.shutdown.stage";
		}

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultShutdownStageObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return StageLowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return StageHighCardinalityKeyNames.values();
		}

	},

	/**
	 * One task of a stage.
	 */
	TASK {

		@Override
		public String getName() {
			return "orderly.shutdown.task";
		}

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultShutdownTaskObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return TaskLowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return TaskHighCardinalityKeyNames.values();
		}

	};

	/**
	 * Low-cardinality keys of {@link #SHUTDOWN}.
	 */
	public enum ShutdownLowCardinalityKeyNames implements KeyName {

		/**
		 * What started the run: {@code jvm_shutdown}, {@code api}, {@code endpoint} or
		 * {@code context_close}.
		 */
		TRIGGER("trigger"),

		/**
		 * How the run ended: {@code completed}, {@code failed}, {@code timed_out} or
		 * {@code skipped}. Present once the run has ended.
		 */
		OUTCOME("outcome");

		private final String key;

		ShutdownLowCardinalityKeyNames(String key) {
			this.key = key;
		}

		@Override
		public String asString() {
			return this.key;
		}

	}

	/**
	 * High-cardinality keys of {@link #SHUTDOWN}.
	 */
	public enum ShutdownHighCardinalityKeyNames implements KeyName {

		/**
		 * The run's unique id, as in the report and on the actuator endpoints.
		 */
		RUN_ID("run.id"),

		/**
		 * The reason given by whoever started the run. Present when one was given.
		 */
		REASON("reason");

		private final String key;

		ShutdownHighCardinalityKeyNames(String key) {
			this.key = key;
		}

		@Override
		public String asString() {
			return this.key;
		}

	}

	/**
	 * Low-cardinality keys of {@link #STAGE}.
	 */
	public enum StageLowCardinalityKeyNames implements KeyName {

		/**
		 * The stage's name, one of the configured stages.
		 */
		STAGE("stage"),

		/**
		 * How the stage ended: {@code completed}, {@code failed}, {@code timed_out} or
		 * {@code skipped}. Present once the stage has ended.
		 */
		OUTCOME("outcome");

		private final String key;

		StageLowCardinalityKeyNames(String key) {
			this.key = key;
		}

		@Override
		public String asString() {
			return this.key;
		}

	}

	/**
	 * High-cardinality keys of {@link #STAGE}.
	 */
	public enum StageHighCardinalityKeyNames implements KeyName {

		/**
		 * The stage's note, such as {@code traffic stopped; 12 requests served} or why it was
		 * skipped. Present once the stage has ended with one.
		 */
		DETAIL("detail");

		private final String key;

		StageHighCardinalityKeyNames(String key) {
			this.key = key;
		}

		@Override
		public String asString() {
			return this.key;
		}

	}

	/**
	 * Low-cardinality keys of {@link #TASK}.
	 */
	public enum TaskLowCardinalityKeyNames implements KeyName {

		/**
		 * The name of the task's stage.
		 */
		STAGE("stage"),

		/**
		 * The task's name, as registered by the application.
		 */
		TASK("task"),

		/**
		 * How the task ended: {@code completed}, {@code failed}, {@code timed_out} or
		 * {@code skipped}. Present once the task has ended.
		 */
		OUTCOME("outcome");

		private final String key;

		TaskLowCardinalityKeyNames(String key) {
			this.key = key;
		}

		@Override
		public String asString() {
			return this.key;
		}

	}

	/**
	 * High-cardinality keys of {@link #TASK}.
	 */
	public enum TaskHighCardinalityKeyNames implements KeyName {

		/**
		 * Why the task failed or timed out, such as
		 * {@code IllegalStateException: disk full}. Present only then.
		 */
		ERROR_MESSAGE("error.message");

		private final String key;

		TaskHighCardinalityKeyNames(String key) {
			this.key = key;
		}

		@Override
		public String asString() {
			return this.key;
		}

	}

}

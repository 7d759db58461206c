package dev.orderly.shutdown.internal.plan;

import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * Lifecycle phases of the application stages.
 * <p>
 * {@code SmartLifecycle} beans stop from the highest phase down. Spring Boot's web server
 * stops accepting and drains at {@link WebServerApplicationContext#GRACEFUL_SHUTDOWN_PHASE}
 * and is stopped at {@link WebServerApplicationContext#START_STOP_LIFECYCLE_PHASE}; Spring's
 * executors and schedulers stop at {@code ExecutorConfigurationSupport.DEFAULT_PHASE}
 * ({@code Integer.MAX_VALUE / 2}). Application stages sit between the two, so the web server
 * has finished before the first stage starts and executors still run during the last one.
 * (The constants are compile-time constants: a non-web application needs no web classes.)
 */
public final class ShutdownPhases {

	/** Phase of the first application stage. */
	public static final int FIRST_STAGE = WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 2048;

	/** Distance between two consecutive stages, leaving room for user beans in between. */
	public static final int STAGE_STEP = 1024;

	/** Phase whose wait the web stage bounds: Spring Boot's graceful shutdown. */
	public static final int WEB_STAGE = WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE;

	/**
	 * Lowest phase the report covers. The lowest phases are where frameworks tear down what
	 * the report needs to be written (Spring Boot stops its logging system at
	 * {@code Integer.MIN_VALUE + 1}, in {@code LoggingApplicationListener}'s lifecycle), so the
	 * report is finished above them and beans that stop below this phase stop after it.
	 */
	public static final int REPORT_FLOOR = Integer.MIN_VALUE + STAGE_STEP;

	private ShutdownPhases() {
	}

	/**
	 * Phase of the application stage at the given position.
	 * @param index zero-based position among the application stages
	 * @return the phase
	 */
	public static int ofStage(int index) {
		return FIRST_STAGE - index * STAGE_STEP;
	}

	/**
	 * Phase at which the run is reported when no lifecycle bean stops after the last
	 * application stage: just after that stage.
	 * @param stageCount number of application stages
	 * @return the phase
	 */
	public static int report(int stageCount) {
		return ofStage(stageCount) + STAGE_STEP / 2;
	}

	/**
	 * Phase at which the run is reported: below every lifecycle phase the report covers, so
	 * that the report includes them, and above the phases where the report's own means end.
	 * @param stageCount number of application stages
	 * @param lowestPhaseHoldingBeans the lowest phase at or above {@link #REPORT_FLOOR} that
	 * holds lifecycle beans
	 * @return the phase; the phase just below it stays free for what must follow the report
	 */
	public static int report(int stageCount, int lowestPhaseHoldingBeans) {
		return Math.min(report(stageCount), Math.max(lowestPhaseHoldingBeans, REPORT_FLOOR) - 2);
	}

}

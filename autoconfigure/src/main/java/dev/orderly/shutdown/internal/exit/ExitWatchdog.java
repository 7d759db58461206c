package dev.orderly.shutdown.internal.exit;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.orderly.shutdown.internal.report.ShutdownReportTable;
import dev.orderly.shutdown.internal.report.file.ShutdownReportFile;
import dev.orderly.shutdown.internal.threads.LiveThreads;
import dev.orderly.shutdown.internal.threads.ThreadStack;
import dev.orderly.shutdown.report.ShutdownListener;
import dev.orderly.shutdown.report.ShutdownReport;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Watches the process after the shutdown run has begun, on a daemon thread of its own.
 * Once the application context has closed (bean destruction included: Spring marks a
 * context inactive at the very end of {@code AbstractApplicationContext.doClose()}), a JVM
 * still alive after {@code threadReportDelay} is kept alive by someone: after a SIGTERM, a
 * shutdown hook that has not returned (the JVM exits when its hooks end, whatever threads
 * live); after {@code context.close()} or {@code /actuator/shutdown}, any non-daemon
 * thread, for ever. Each live non-daemon thread is then logged with its stack and recorded
 * in the report file. With {@code haltAfter}, the JVM still alive that long after the run
 * began is halted with {@link #HALT_STATUS}, after a final line in the log and the report
 * file, so that the platform's SIGKILL does not cut the record short.
 * <p>
 * Both apply only to a process expected to end: one whose JVM is shutting down, or whose
 * {@code main} thread has ended (a Spring Boot application's {@code main} returns once its
 * context runs). While {@code main} still runs, as a test runner's or a command line
 * tool's that closes a context and carries on, the threads it leaves are its business.
 */
public final class ExitWatchdog implements ShutdownListener {

	/**
	 * The exit status of a halted JVM: 124, as {@code timeout(1)} reports a command that
	 * overran its time, distinct from 143 (SIGTERM) and 137 (SIGKILL).
	 */
	public static final int HALT_STATUS = 124;

	static final String THREAD_NAME = "orderly-shutdown-exit-watchdog";

	private static final Log logger = LogFactory.getLog(ExitWatchdog.class);

	private static final long POLL_MILLIS = 20;

	private final ConfigurableApplicationContext context;

	private final @Nullable Duration haltAfter;

	private final Duration threadReportDelay;

	private final ObjectProvider<ShutdownReportFile> reportFile;

	private final AtomicBoolean started = new AtomicBoolean();

	/**
	 * Create a watchdog.
	 * @param context the context whose end is awaited
	 * @param haltAfter time after the run's start at which a JVM still alive is halted, or
	 * {@code null} never to halt it
	 * @param threadReportDelay time after the context closed at which a JVM still alive has
	 * its non-daemon threads reported
	 * @param reportFile the report file, if any
	 */
	public ExitWatchdog(ConfigurableApplicationContext context, @Nullable Duration haltAfter,
			Duration threadReportDelay, ObjectProvider<ShutdownReportFile> reportFile) {
		this.context = context;
		this.haltAfter = haltAfter;
		this.threadReportDelay = threadReportDelay;
		this.reportFile = reportFile;
	}

	@Override
	public void runStarted(ShutdownReport report) {
		if (this.started.compareAndSet(false, true)) {
			// the run's own start, not this (slightly later) delivery, is what halt-after counts from
			long startNanos = System.nanoTime() - Duration.between(report.startedAt(), Instant.now()).toNanos();
			// looked up now: once the context has closed, its beans cannot be
			ShutdownReportFile file = reportFile();
			Thread watchdog = new Thread(() -> watch(report, startNanos, file), THREAD_NAME);
			watchdog.setDaemon(true);
			watchdog.start();
		}
	}

	private void watch(ShutdownReport run, long startNanos, @Nullable ShutdownReportFile file) {
		long haltAt = (this.haltAfter != null) ? startNanos + this.haltAfter.toNanos() : Long.MAX_VALUE;
		try {
			while (this.context.isActive() && System.nanoTime() - haltAt < 0) {
				Thread.sleep(POLL_MILLIS);
			}
			if (!this.context.isActive()) {
				long reportAt = System.nanoTime() + this.threadReportDelay.toNanos();
				// past the halt time, the halt's own record lists the threads
				if (reportAt - haltAt < 0) {
					sleepUntil(reportAt);
					reportNotExited(run, file);
				}
			}
			if (this.haltAfter != null) {
				sleepUntil(haltAt);
				halt(run, this.haltAfter, file);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void reportNotExited(ShutdownReport run, @Nullable ShutdownReportFile file) {
		boolean hookRunning = shutdownInProgress();
		List<ThreadStack> threads = LiveThreads.nonDaemon();
		if (!hookRunning && (threads.isEmpty() || LiveThreads.mainRunning())) {
			return; // exiting now, or not expected to
		}
		String after = ShutdownReportTable.duration(this.threadReportDelay);
		String message = "Process did not exit " + after + " after the application context closed: "
				+ (hookRunning ? "the JVM is shutting down and a shutdown hook has not returned; live non-daemon "
						+ "threads (the hook's among them): " + names(threads)
						: threads.size() + " non-daemon thread" + ((threads.size() != 1) ? "s keep" : " keeps")
								+ " the JVM alive: " + names(threads)
								+ ". Stop each in a shutdown task or make it a daemon thread, or set "
								+ "orderly.shutdown.exit.halt-after");
		if (file != null) {
			file.processNotExited(run, hookRunning ? "shutdown_hook_running" : "non_daemon_threads",
					this.threadReportDelay, threads);
		}
		say(hookRunning, message + describe(threads));
	}

	private void halt(ShutdownReport run, Duration haltAfter, @Nullable ShutdownReportFile file) {
		boolean hookRunning = shutdownInProgress();
		if (!hookRunning && LiveThreads.mainRunning()) {
			logger.debug("Not halting: the main thread still runs, so the process is not expected to end");
			return;
		}
		List<ThreadStack> threads = LiveThreads.nonDaemon();
		if (file != null) {
			file.processHalted(run, haltAfter, HALT_STATUS, threads);
		}
		if (!threads.isEmpty()) {
			say(hookRunning, "Live non-daemon threads at the halt:" + describe(threads));
		}
		say(hookRunning, "Orderly shutdown halts the JVM with status " + HALT_STATUS + ": still alive "
				+ ShutdownReportTable.duration(haltAfter) + " after the shutdown began (orderly.shutdown.exit.halt-after)"
				+ (threads.isEmpty() ? "" : "; alive: " + names(threads)));
		Runtime.getRuntime().halt(HALT_STATUS);
	}

	private @Nullable ShutdownReportFile reportFile() {
		try {
			return this.reportFile.getIfAvailable();
		}
		catch (RuntimeException ex) {
			logger.warn("No shutdown report file to record the process's end in", ex);
			return null;
		}
	}

	/**
	 * Log a message; during the JVM's shutdown on {@code System.err}, because Spring Boot's
	 * own shutdown handler may have stopped the logging system already.
	 */
	private static void say(boolean jvmShuttingDown, String message) {
		if (jvmShuttingDown) {
			PrintStream err = System.err;
			err.println(Instant.now() + " WARN [" + THREAD_NAME + "] " + message);
			err.flush();
		}
		else {
			logger.warn(message);
		}
	}

	private static String names(List<ThreadStack> threads) {
		return String.join(", ", threads.stream().map((thread) -> "'" + thread.name() + "'").toList());
	}

	private static String describe(List<ThreadStack> threads) {
		StringBuilder text = new StringBuilder();
		threads.forEach((thread) -> text.append("\n    ").append(thread.describe()));
		return text.toString();
	}

	/** Whether the JVM is running its shutdown hooks: it refuses new hooks then. */
	private static boolean shutdownInProgress() {
		Thread probe = new Thread(() -> {
		});
		try {
			Runtime.getRuntime().addShutdownHook(probe);
			Runtime.getRuntime().removeShutdownHook(probe);
			return false;
		}
		catch (IllegalStateException ex) {
			return true;
		}
	}

	private static void sleepUntil(long nanos) throws InterruptedException {
		long left = nanos - System.nanoTime();
		if (left > 0) {
			TimeUnit.NANOSECONDS.sleep(left);
		}
	}

}

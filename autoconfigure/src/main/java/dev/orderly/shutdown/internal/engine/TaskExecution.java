package dev.orderly.shutdown.internal.engine;

import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import dev.orderly.shutdown.ShutdownContext;
import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.ShutdownTrigger;
import dev.orderly.shutdown.internal.threads.LiveThreads;
import dev.orderly.shutdown.internal.threads.ThreadStack;
import dev.orderly.shutdown.report.TaskReport;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One run of one task: its {@link ShutdownContext}, its thread and its single outcome.
 * Whoever settles the outcome first (the task finishing, or the deadline passing) wins.
 */
final class TaskExecution implements ShutdownContext {

	private static final Log logger = LogFactory.getLog(TaskExecution.class);

	private final PlannedTask task;

	private final ShutdownRun run;

	private final long startNanos;

	private final long deadlineNanos;

	private final Consumer<TaskReport> onFinished;

	private final AtomicReference<@Nullable TaskReport> result = new AtomicReference<>();

	private volatile boolean cancelled;

	private @Nullable Future<?> future;

	/** The thread running the task, while it runs: whose stack says where a timed-out task is stuck. */
	private volatile @Nullable Thread thread;

	TaskExecution(PlannedTask task, ShutdownRun run, long startNanos, long deadlineNanos,
			Consumer<TaskReport> onFinished) {
		this.task = task;
		this.run = run;
		this.startNanos = startNanos;
		this.deadlineNanos = deadlineNanos;
		this.onFinished = onFinished;
	}

	void start(ExecutorService executor) {
		// Announced here, not on the task's thread: a task cancelled before its thread runs
		// must not be announced after its end.
		this.run.taskStarted(this.task.stage(), this.task.name());
		this.future = executor.submit(this::execute);
	}

	long deadlineNanos() {
		return this.deadlineNanos;
	}

	private void execute() {
		this.thread = Thread.currentThread();
		try {
			this.task.task().run(this);
			settle(ShutdownOutcome.COMPLETED, null);
		}
		catch (Throwable ex) {
			Throwable cause = unwrap(ex);
			if (settle(ShutdownOutcome.FAILED, cause.getClass().getSimpleName() + ": " + cause.getMessage())) {
				logger.warn("Shutdown task '" + this.task.name() + "' in stage '" + this.task.stage() + "' failed",
						cause);
			}
		}
		finally {
			this.thread = null;
		}
	}

	/**
	 * Wait until the task has finished or its deadline has passed, cancelling it then.
	 * @return the task's report
	 */
	TaskReport await() {
		Future<?> running = this.future;
		try {
			if (running != null) {
				running.get(Math.max(0, this.deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
		}
		catch (TimeoutException ex) {
			cancel("cancelled after "
					+ StageRecording.describeTimeGiven(this.startNanos, this.deadlineNanos, this.task.timeout()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			cancel("cancelled: shutdown thread interrupted");
		}
		catch (ExecutionException | CancellationException ex) {
			// execute() catches everything, so this is only reached if the executor itself failed
			settle(ShutdownOutcome.FAILED, ex.toString());
		}
		TaskReport report = settledReport();
		return (report != null) ? report : settleReport(ShutdownOutcome.FAILED, "no outcome recorded");
	}

	/**
	 * Record that the task could not start because the budget was spent.
	 * @return the task's report
	 */
	TaskReport skip(String why) {
		return settleReport(ShutdownOutcome.SKIPPED, why);
	}

	private void cancel(String why) {
		// captured before the interrupt, which may move the thread on
		ThreadStack stuck = stuckThread();
		if (settle(ShutdownOutcome.TIMED_OUT, why, stuck)) {
			this.cancelled = true;
			Future<?> running = this.future;
			if (running != null) {
				running.cancel(true);
			}
			logger.warn("Shutdown task '" + this.task.name() + "' in stage '" + this.task.stage() + "' timed out: "
					+ why + ((stuck != null) ? "; stuck in " + stuck.describe() : ""));
		}
	}

	/**
	 * The thread that says where the task is stuck: its own, or for a task that waits for
	 * work on other threads, one running that work's code if there is one.
	 */
	private @Nullable ThreadStack stuckThread() {
		Thread running = this.thread;
		Class<?> delegate = (this.task.task() instanceof DelegatingTask delegating) ? delegating.delegate() : null;
		if (delegate != null) {
			ThreadStack working = LiveThreads.runningCodeOf(delegate, running);
			if (working != null) {
				return working;
			}
		}
		return (running != null) ? ThreadStack.of(running) : null;
	}

	private TaskReport settleReport(ShutdownOutcome outcome, String detail) {
		settle(outcome, detail);
		TaskReport report = settledReport();
		return (report != null) ? report : newReport(outcome, detail, null);
	}

	/**
	 * Settle the outcome and queue the event for the listeners, under a lock so that whoever
	 * reads the outcome (the stage, to end itself) does so after the event is queued: the
	 * task's end then always reaches a listener before its stage's. Queuing does not wait for
	 * the listeners, so the lock is held only for a moment.
	 */
	private boolean settle(ShutdownOutcome outcome, @Nullable String detail) {
		return settle(outcome, detail, null);
	}

	private boolean settle(ShutdownOutcome outcome, @Nullable String detail, @Nullable ThreadStack stuck) {
		synchronized (this.result) {
			if (this.result.get() != null) {
				return false;
			}
			TaskReport report = newReport(outcome, withTaskDetail(outcome, detail), stuck);
			if (this.result.compareAndSet(null, report)) {
				this.onFinished.accept(report);
				return true;
			}
			return false;
		}
	}

	/**
	 * The detail of a task that keeps its own note: the note alone when it completed, after the
	 * engine's own detail (why it timed out) otherwise.
	 */
	private @Nullable String withTaskDetail(ShutdownOutcome outcome, @Nullable String detail) {
		if (!(this.task.task() instanceof CountingTask counting) || outcome == ShutdownOutcome.SKIPPED) {
			return detail;
		}
		String note = counting.detail();
		if (note == null) {
			return detail;
		}
		return (detail != null) ? detail + "; " + note : note;
	}

	private @Nullable TaskReport settledReport() {
		synchronized (this.result) {
			return this.result.get();
		}
	}

	private TaskReport newReport(ShutdownOutcome outcome, @Nullable String detail, @Nullable ThreadStack stuck) {
		Duration duration = Duration.ofNanos(System.nanoTime() - this.startNanos);
		return new TaskReport(this.task.name(), this.task.source(), this.run.instantAt(this.startNanos), duration,
				this.task.timeout(), outcome, detail, (stuck != null) ? stuck.name() : null,
				(stuck != null) ? stuck.frames() : List.of());
	}

	private static Throwable unwrap(Throwable ex) {
		return (ex instanceof InvocationTargetException invocation && invocation.getCause() != null)
				? invocation.getCause() : ex;
	}

	@Override
	public String stage() {
		return this.task.stage();
	}

	@Override
	public String task() {
		return this.task.name();
	}

	@Override
	public Instant deadline() {
		return this.run.instantAt(this.deadlineNanos);
	}

	@Override
	public Duration remaining() {
		return Duration.ofNanos(Math.max(0, this.deadlineNanos - System.nanoTime()));
	}

	@Override
	public boolean isCancelled() {
		return this.cancelled;
	}

	@Override
	public ShutdownTrigger trigger() {
		return this.run.trigger();
	}

	@Override
	public @Nullable String reason() {
		return this.run.reason();
	}

}

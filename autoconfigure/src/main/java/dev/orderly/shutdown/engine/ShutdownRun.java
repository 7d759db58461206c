package dev.orderly.shutdown.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.orderly.shutdown.ShutdownTrigger;
import dev.orderly.shutdown.report.ShutdownListener;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.report.TaskReport;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The one shutdown run of an application: its trigger, its deadline and what its stages
 * have done so far. Every change is passed on to the {@link ShutdownListener listeners}.
 *
 * @since 0.1.0
 */
public final class ShutdownRun {

	private static final Log logger = LogFactory.getLog(ShutdownRun.class);

	private final String id = UUID.randomUUID().toString();

	private final ShutdownTrigger trigger;

	private final @Nullable String reason;

	private final Instant startedAt = Instant.now();

	private final long startNanos = System.nanoTime();

	private final Duration budget;

	private final List<ShutdownListener> listeners;

	private final List<StageReport> stages = new CopyOnWriteArrayList<>();

	private final CompletableFuture<ShutdownReport> completion = new CompletableFuture<>();

	ShutdownRun(ShutdownTrigger trigger, @Nullable String reason, Duration budget, List<ShutdownListener> listeners) {
		this.trigger = trigger;
		this.reason = reason;
		this.budget = budget;
		this.listeners = List.copyOf(listeners);
	}

	/**
	 * The run's unique id.
	 * @return the id
	 */
	public String id() {
		return this.id;
	}

	/**
	 * What started the run.
	 * @return the trigger
	 */
	public ShutdownTrigger trigger() {
		return this.trigger;
	}

	/**
	 * The reason given by whoever started the run.
	 * @return the reason or {@code null}
	 */
	public @Nullable String reason() {
		return this.reason;
	}

	/**
	 * Completes with the final report when the last stage has ended.
	 * @return the completion of this run
	 */
	public CompletableFuture<ShutdownReport> completion() {
		return this.completion;
	}

	/**
	 * What the run has done so far, or all of it once finished.
	 * @return a snapshot report
	 */
	public ShutdownReport report() {
		return this.completion.isDone() ? this.completion.join() : snapshot(false);
	}

	long deadlineNanos() {
		return this.startNanos + this.budget.toNanos();
	}

	Instant instantAt(long nanos) {
		return this.startedAt.plusNanos(nanos - this.startNanos);
	}

	void started() {
		notifyListeners((listener) -> listener.runStarted(snapshot(false)));
	}

	void stageStarted(String stage) {
		notifyListeners((listener) -> listener.stageStarted(snapshot(false), stage));
	}

	void taskStarted(String stage, String task) {
		notifyListeners((listener) -> listener.taskStarted(snapshot(false), stage, task));
	}

	void taskFinished(String stage, TaskReport task) {
		notifyListeners((listener) -> listener.taskFinished(snapshot(false), stage, task));
	}

	void stageFinished(StageReport stage) {
		this.stages.add(stage);
		notifyListeners((listener) -> listener.stageFinished(snapshot(false), stage));
	}

	synchronized ShutdownReport finish() {
		if (!this.completion.isDone()) {
			ShutdownReport report = snapshot(true);
			notifyListeners((listener) -> listener.runFinished(report));
			this.completion.complete(report);
		}
		return this.completion.join();
	}

	private ShutdownReport snapshot(boolean finished) {
		return new ShutdownReport(this.id, this.trigger, this.reason, this.startedAt,
				Duration.ofNanos(System.nanoTime() - this.startNanos), this.budget, finished, this.stages);
	}

	private void notifyListeners(Consumer<ShutdownListener> event) {
		for (ShutdownListener listener : this.listeners) {
			try {
				event.accept(listener);
			}
			catch (RuntimeException ex) {
				logger.warn("Shutdown listener " + listener.getClass().getName() + " failed", ex);
			}
		}
	}

}

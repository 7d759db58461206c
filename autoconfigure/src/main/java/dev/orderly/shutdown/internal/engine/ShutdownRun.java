package dev.orderly.shutdown.internal.engine;

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
 * have done so far. Every change is passed on to the {@link ShutdownListener listeners},
 * each on its own thread (see {@link ListenerDelivery}), in the order the changes happen;
 * nothing is passed on after the run has finished.
 */
public final class ShutdownRun {

	private static final Log logger = LogFactory.getLog(ShutdownRun.class);

	private final String id = UUID.randomUUID().toString();

	private final ShutdownTrigger trigger;

	private final @Nullable String reason;

	private final Instant startedAt = Instant.now();

	private final long startNanos = System.nanoTime();

	private final Duration budget;

	private final List<ListenerDelivery> listeners;

	/** Held while an event is queued, so that every listener receives the events in one order. */
	private final Object events = new Object();

	private boolean finished;

	private final List<StageReport> stages = new CopyOnWriteArrayList<>();

	private final CompletableFuture<ShutdownReport> completion = new CompletableFuture<>();

	ShutdownRun(ShutdownTrigger trigger, @Nullable String reason, Duration budget, List<ShutdownListener> listeners) {
		this.trigger = trigger;
		this.reason = reason;
		this.budget = budget;
		this.listeners = listeners.stream().map(ListenerDelivery::new).toList();
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
	CompletableFuture<ShutdownReport> completion() {
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
		ShutdownReport report = snapshot(false);
		publish("run started", (listener) -> listener.runStarted(report));
	}

	void stageStarted(String stage) {
		ShutdownReport report = snapshot(false);
		publish("stage started " + stage, (listener) -> listener.stageStarted(report, stage));
	}

	void taskStarted(String stage, String task) {
		ShutdownReport report = snapshot(false);
		publish("task started " + stage + "/" + task, (listener) -> listener.taskStarted(report, stage, task));
	}

	void taskFinished(String stage, TaskReport task) {
		ShutdownReport report = snapshot(false);
		publish("task finished " + stage + "/" + task.name(), (listener) -> listener.taskFinished(report, stage, task));
	}

	void stageFinished(StageReport stage) {
		synchronized (this.events) {
			if (this.finished) {
				logger.warn("Stage '" + stage.name() + "' ended after the run had finished: it is not in the report");
				return;
			}
			this.stages.add(stage);
			ShutdownReport report = snapshot(false);
			publish("stage finished " + stage.name(), (listener) -> listener.stageFinished(report, stage));
		}
	}

	/**
	 * Wait until every listener has handled the events so far, at most until the bound. A
	 * listener still busy then is logged and left to catch up on its own.
	 * @param boundNanos when to stop waiting, on the {@link System#nanoTime()} scale
	 * @param stage the stage that has ended
	 */
	void awaitListeners(long boundNanos, String stage) {
		// one bound for all: the listeners run concurrently, so waiting for each in turn is enough
		this.listeners.forEach((listener) -> listener.awaitStageEnd(boundNanos, stage));
	}

	/**
	 * Finish the run: pass the final report on and wait for the listeners at most
	 * {@code listenerWait}, then complete the run.
	 * @param listenerWait how long the listeners are waited for
	 * @return the final report
	 */
	synchronized ShutdownReport finish(Duration listenerWait) {
		if (!this.completion.isDone()) {
			ShutdownReport report;
			synchronized (this.events) {
				report = snapshot(true);
				publish("run finished", (listener) -> listener.runFinished(report));
				this.finished = true;
			}
			long bound = System.nanoTime() + listenerWait.toNanos();
			this.listeners.forEach((listener) -> listener.awaitRunEnd(bound));
			this.listeners.forEach(ListenerDelivery::close);
			this.completion.complete(report);
		}
		return this.completion.join();
	}

	private ShutdownReport snapshot(boolean finished) {
		return new ShutdownReport(this.id, this.trigger, this.reason, this.startedAt,
				Duration.ofNanos(System.nanoTime() - this.startNanos), this.budget, finished, this.stages);
	}

	private void publish(String event, Consumer<ShutdownListener> call) {
		synchronized (this.events) {
			if (this.finished) {
				logger.warn("Shutdown event '" + event + "' came after the run had finished; not passed on");
				return;
			}
			this.listeners.forEach((listener) -> listener.deliver(event, call));
		}
	}

}

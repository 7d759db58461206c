package dev.orderly.shutdown.internal.engine;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import dev.orderly.shutdown.internal.report.ShutdownReportTable;
import dev.orderly.shutdown.report.ShutdownListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Delivers the events of a run to one listener, one at a time and in order, on the
 * listener's own thread: a slow listener delays no stage and no other listener, and one that
 * throws breaks nothing. The run waits for a listener to catch up only when a stage or the
 * run ends, and only up to a bound; a listener that misses a bound is not waited for again
 * until it has caught up, and meanwhile receives its events late, still in order.
 */
final class ListenerDelivery {

	private static final Log logger = LogFactory.getLog(ListenerDelivery.class);

	private final ShutdownListener listener;

	private final ExecutorService thread;

	private volatile Future<?> lastEvent = CompletableFuture.completedFuture(null);

	private volatile @Nullable String handling;

	private volatile long handlingSinceNanos;

	private volatile boolean behind;

	ListenerDelivery(ShutdownListener listener) {
		this.listener = listener;
		this.thread = Executors.newSingleThreadExecutor((runnable) -> {
			Thread thread = new Thread(runnable,
					"orderly-shutdown-listener-" + ClassUtils.getShortName(listener.getClass()));
			// A daemon thread: a listener that never returns must not keep the JVM alive.
			thread.setDaemon(true);
			// Not the creating thread's class loader: a run begun by a request would pass on the
			// web application's, and Tomcat, stopped before the stages end, reports such a
			// thread as a leak.
			thread.setContextClassLoader(listener.getClass().getClassLoader());
			return thread;
		});
	}

	/**
	 * Queue an event. Callers queue one event at a time, so that every listener receives the
	 * events in the same order.
	 * @param event the event, as named in log messages
	 * @param call the listener's callback
	 */
	void deliver(String event, Consumer<ShutdownListener> call) {
		this.lastEvent = this.thread.submit(() -> handle(event, call));
	}

	private void handle(String event, Consumer<ShutdownListener> call) {
		this.handlingSinceNanos = System.nanoTime();
		this.handling = event;
		try {
			call.accept(this.listener);
		}
		catch (Throwable ex) {
			// Even an Error (a class missing at shutdown) only costs this listener this event.
			logger.warn("Shutdown listener " + name() + " failed on " + event, ex);
		}
		finally {
			this.handling = null;
		}
	}

	/**
	 * Wait, when a stage ends, until the listener has handled every event queued so far, or
	 * the bound has passed (no wait at all while the listener is behind).
	 * @param boundNanos when to stop waiting, on the {@link System#nanoTime()} scale
	 * @param stage the stage that ends, for the log
	 */
	void awaitStageEnd(long boundNanos, String stage) {
		boolean wasBehind = this.behind;
		if (!caughtUpBy(boundNanos) && !wasBehind) {
			logger.warn("Shutdown listener " + name() + " is late (" + busyWith() + "): stage '" + stage
					+ "' ends without waiting for it; it receives the run's later events late, in order");
		}
	}

	/**
	 * Wait, when the run ends, until the listener has handled every event, or the bound has
	 * passed (no wait at all while the listener is behind).
	 * @param boundNanos when to stop waiting, on the {@link System#nanoTime()} scale
	 */
	void awaitRunEnd(long boundNanos) {
		if (!caughtUpBy(boundNanos)) {
			logger.warn("Shutdown listener " + name() + " is late (" + busyWith()
					+ "): the run finishes without waiting for it, so it may miss the run's last events");
		}
	}

	private boolean caughtUpBy(long boundNanos) {
		long wait = this.behind ? 0 : Math.max(0, boundNanos - System.nanoTime());
		try {
			this.lastEvent.get(wait, TimeUnit.NANOSECONDS);
			this.behind = false;
			return true;
		}
		catch (ExecutionException ex) {
			// handle() catches everything: not reached
			this.behind = false;
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (TimeoutException ex) {
			// late
		}
		this.behind = true;
		return false;
	}

	/**
	 * Stop the listener's thread once it has handled the events queued so far.
	 */
	void close() {
		this.thread.shutdown();
	}

	String name() {
		return this.listener.getClass().getName();
	}

	private String busyWith() {
		String event = this.handling;
		if (event == null) {
			return "events still queued";
		}
		Duration busy = Duration.ofNanos(System.nanoTime() - this.handlingSinceNanos);
		return "still handling '" + event + "' after " + ShutdownReportTable.duration(busy);
	}

}

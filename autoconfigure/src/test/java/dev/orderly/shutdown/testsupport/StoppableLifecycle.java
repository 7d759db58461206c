package dev.orderly.shutdown.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * A library's {@code SmartLifecycle}, such as a message listener container: it records each
 * stop Spring or the starter asks of it, and runs the stop callback after a delay, or never.
 */
public class StoppableLifecycle implements SmartLifecycle {

	public final List<String> stops = new CopyOnWriteArrayList<>();

	private final int phase;

	private final @Nullable Duration callbackAfter;

	public volatile @Nullable Instant stoppedAt;

	private volatile boolean running;

	/**
	 * Create a lifecycle.
	 * @param phase its phase
	 * @param callbackAfter when its asynchronous stop ends, {@code null} for never
	 */
	public StoppableLifecycle(int phase, @Nullable Duration callbackAfter) {
		this.phase = phase;
		this.callbackAfter = callbackAfter;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.stops.add("stop() on " + Thread.currentThread().getName());
		this.running = false;
	}

	@Override
	public void stop(Runnable callback) {
		this.stops.add("stop(Runnable) on " + Thread.currentThread().getName());
		this.stoppedAt = Instant.now();
		this.running = false;
		Duration delay = this.callbackAfter;
		if (delay == null) {
			return;
		}
		Thread thread = new Thread(() -> {
			try {
				Thread.sleep(delay.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			callback.run();
		}, "test-lifecycle-stopping");
		thread.setDaemon(true);
		thread.start();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

}

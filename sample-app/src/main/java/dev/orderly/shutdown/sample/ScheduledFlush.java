package dev.orderly.shutdown.sample;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import dev.orderly.shutdown.OnShutdown;
import dev.orderly.shutdown.ShutdownContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A {@code @Scheduled} job: every {@code sample.orders.flush-interval} it writes what the
 * write-behind buffer holds.
 * <p>
 * Spring's scheduler stops only after every shutdown stage (its executor's lifecycle phase
 * is below theirs), so left alone this job could still fire while the {@code flush} stage
 * writes the buffer's rest. It is stopped in the {@code consumers} stage instead: no new
 * run starts, and a run in progress is waited for.
 */
@Component
class ScheduledFlush {

	private static final Log logger = LogFactory.getLog(ScheduledFlush.class);

	private final WriteBehindBuffer buffer;

	private final ReentrantLock running = new ReentrantLock();

	private volatile boolean stopped;

	ScheduledFlush(WriteBehindBuffer buffer) {
		this.buffer = buffer;
	}

	@Scheduled(fixedDelayString = "${sample.orders.flush-interval:10s}",
			initialDelayString = "${sample.orders.flush-interval:10s}")
	void run() {
		if (this.stopped || !this.running.tryLock()) {
			return;
		}
		try {
			if (!this.stopped) {
				int written = this.buffer.flushBuffered();
				if (written > 0) {
					logger.debug("Scheduled flush wrote " + written + " order(s)");
				}
			}
		}
		finally {
			this.running.unlock();
		}
	}

	/**
	 * Stop the job: no run starts after this, and one in progress is waited for.
	 * @param context the task's deadline
	 * @throws InterruptedException if the task timed out while waiting
	 */
	@OnShutdown(stage = "consumers", name = "scheduled-flush", timeout = "2s")
	void stop(ShutdownContext context) throws InterruptedException {
		this.stopped = true;
		if (!this.running.tryLock(context.remaining().toMillis(), TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException("A scheduled flush is still running");
		}
		this.running.unlock();
		logger.info("Scheduled flush stopped");
	}

	boolean isStopped() {
		return this.stopped;
	}

}

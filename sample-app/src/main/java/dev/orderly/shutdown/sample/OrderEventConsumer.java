package dev.orderly.shutdown.sample;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

/**
 * Background consumer: a thread that polls an in-memory queue of accepted orders (standing
 * in for a broker subscription), confirms each order and hands it to the write-behind
 * buffer. It is stopped in the {@code consumers} stage, before the buffer is flushed, so no
 * order reaches the buffer after its last flush.
 */
@Component
public class OrderEventConsumer {

	private static final Log logger = LogFactory.getLog(OrderEventConsumer.class);

	private final BlockingQueue<Long> queue = new LinkedBlockingQueue<>();

	private final OrderRepository repository;

	private final WriteBehindBuffer buffer;

	private final OrderEvents events;

	private final Thread thread;

	private volatile boolean running = true;

	OrderEventConsumer(OrderRepository repository, WriteBehindBuffer buffer, OrderEvents events) {
		this.repository = repository;
		this.buffer = buffer;
		this.events = events;
		this.thread = new Thread(this::consume, "order-event-consumer");
		// The consumers stage stops it in order; as a daemon it cannot keep the JVM alive after
		// a failed startup, which runs no stage.
		this.thread.setDaemon(true);
		this.thread.start();
	}

	void enqueue(long orderId) {
		if (!this.running) {
			throw new IllegalStateException("Order consumer is stopped");
		}
		this.queue.add(orderId);
	}

	private void consume() {
		logger.info("Order event consumer started");
		// Keep going after stop() until what is already queued has been handled.
		while (this.running || !this.queue.isEmpty()) {
			try {
				Long orderId = this.queue.poll(100, TimeUnit.MILLISECONDS);
				if (orderId != null) {
					this.repository.updateStatus(orderId, Order.Status.CONFIRMED).ifPresent((order) -> {
						this.events.publish(order);
						this.buffer.add(order);
					});
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			catch (RuntimeException ex) {
				logger.warn("Could not process an order", ex);
			}
		}
		logger.info("Order event consumer stopped; " + this.queue.size() + " order(s) left unprocessed");
	}

	/**
	 * Stop taking new work, finish what is queued and wait for the thread to end.
	 * @param timeout how long to wait
	 * @throws InterruptedException if interrupted while waiting (the task timed out)
	 */
	void stop(Duration timeout) throws InterruptedException {
		this.running = false;
		this.thread.join(Math.max(1, timeout.toMillis()));
		if (this.thread.isAlive()) {
			this.thread.interrupt();
			throw new IllegalStateException("Order event consumer did not stop within " + timeout);
		}
	}

	public boolean isRunning() {
		return this.thread.isAlive();
	}

	public int queued() {
		return this.queue.size();
	}

}

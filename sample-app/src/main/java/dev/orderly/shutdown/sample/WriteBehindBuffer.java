package dev.orderly.shutdown.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.orderly.shutdown.OnShutdown;
import dev.orderly.shutdown.ShutdownContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

/**
 * Buffers confirmed orders and writes them to the (pretend) database in batches. Whatever is
 * still buffered at shutdown is written in the {@code flush} stage, under its own timeout,
 * instead of in an untimed {@code @PreDestroy} method.
 */
@Component
public class WriteBehindBuffer {

	private static final Log logger = LogFactory.getLog(WriteBehindBuffer.class);

	static final int BATCH_SIZE = 50;

	private final OrderRepository repository;

	private final List<Order> buffered = new ArrayList<>();

	private final List<Long> persisted = new CopyOnWriteArrayList<>();

	WriteBehindBuffer(OrderRepository repository) {
		this.repository = repository;
	}

	void add(Order order) {
		List<Order> batch = null;
		synchronized (this.buffered) {
			this.buffered.add(order);
			if (this.buffered.size() >= BATCH_SIZE) {
				batch = drain();
			}
		}
		if (batch != null) {
			persist(batch);
		}
	}

	/**
	 * Persist whatever is still buffered, batch by batch, until done or out of time.
	 * @param context the task's deadline and cancellation
	 */
	@OnShutdown(stage = "flush", timeout = "2s")
	void flush(ShutdownContext context) {
		List<Order> rest;
		synchronized (this.buffered) {
			rest = drain();
		}
		for (int from = 0; from < rest.size() && !context.isCancelled(); from += BATCH_SIZE) {
			persist(rest.subList(from, Math.min(rest.size(), from + BATCH_SIZE)));
		}
		logger.info("Write-behind buffer flushed: " + rest.size() + " order(s) persisted at shutdown, "
				+ context.remaining().toMillis() + " ms to spare");
	}

	private List<Order> drain() {
		List<Order> batch = new ArrayList<>(this.buffered);
		this.buffered.clear();
		return batch;
	}

	private void persist(List<Order> batch) {
		// A real service would run one batched INSERT here.
		for (Order order : batch) {
			this.repository.updateStatus(order.id(), Order.Status.PERSISTED);
			this.persisted.add(order.id());
		}
		logger.info("Persisted " + batch.size() + " order(s): " + batch.stream().map(Order::id).toList());
	}

	public int buffered() {
		synchronized (this.buffered) {
			return this.buffered.size();
		}
	}

	public List<Long> persistedIds() {
		return List.copyOf(this.persisted);
	}

}

package dev.orderly.shutdown.sample;

import java.util.ArrayList;
import java.util.List;

import dev.orderly.shutdown.OnShutdown;
import dev.orderly.shutdown.ShutdownContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

/**
 * Buffers confirmed orders and writes them to the orders database in batches: when
 * {@code sample.orders.batch-size} orders have gathered, and every
 * {@code sample.orders.flush-interval} ({@link ScheduledFlush}). Whatever is still buffered
 * at shutdown is written in the {@code flush} stage, under its own timeout, instead of in
 * an untimed {@code @PreDestroy} method that would run after the connection pool may
 * already have been closed.
 */
@Component
public class WriteBehindBuffer {

	private static final Log logger = LogFactory.getLog(WriteBehindBuffer.class);

	private final OrderRepository repository;

	private final OrderEvents events;

	private final int batchSize;

	private final List<Order> buffered = new ArrayList<>();

	WriteBehindBuffer(OrderRepository repository, OrderEvents events, SampleProperties properties) {
		this.repository = repository;
		this.events = events;
		this.batchSize = properties.orders().batchSize();
	}

	void add(Order order) {
		List<Order> batch = null;
		synchronized (this.buffered) {
			this.buffered.add(order);
			if (this.buffered.size() >= this.batchSize) {
				batch = drain();
			}
		}
		if (batch != null) {
			persist(batch);
		}
	}

	/**
	 * Write whatever is buffered now (the scheduled job's work).
	 * @return how many orders were written
	 */
	int flushBuffered() {
		List<Order> batch;
		synchronized (this.buffered) {
			batch = drain();
		}
		if (!batch.isEmpty()) {
			persist(batch);
		}
		return batch.size();
	}

	/**
	 * Persist whatever is still buffered, batch by batch, until done or out of time. Runs in
	 * the {@code flush} stage, after the {@code consumers} stage has stopped everything that
	 * adds to the buffer.
	 * @param context the task's deadline and cancellation
	 */
	@OnShutdown(stage = "flush", timeout = "4s")
	void flush(ShutdownContext context) {
		List<Order> rest;
		synchronized (this.buffered) {
			rest = drain();
		}
		int written = 0;
		while (written < rest.size() && !context.isCancelled()) {
			int end = Math.min(rest.size(), written + this.batchSize);
			try {
				persist(rest.subList(written, end));
			}
			catch (RuntimeException ex) {
				// persist() has put the failed batch back; the batches after it go back too
				keep(rest.subList(end, rest.size()));
				throw new IllegalStateException(
						(rest.size() - written) + " order(s) not persisted: " + ex.getMessage(), ex);
			}
			written = end;
		}
		if (written < rest.size()) {
			keep(rest.subList(written, rest.size()));
			throw new IllegalStateException((rest.size() - written) + " order(s) not persisted: out of time");
		}
		logger.info("Write-behind buffer flushed: " + written + " order(s) persisted at shutdown, "
				+ context.remaining().toMillis() + " ms to spare");
	}

	/** Orders not written stay buffered, so that {@link #buffered()} still counts them. */
	private void keep(List<Order> orders) {
		synchronized (this.buffered) {
			this.buffered.addAll(orders);
		}
	}

	private List<Order> drain() {
		List<Order> batch = new ArrayList<>(this.buffered);
		this.buffered.clear();
		return batch;
	}

	private void persist(List<Order> batch) {
		List<Order> persisted;
		try {
			persisted = this.repository.saveAll(batch);
		}
		catch (RuntimeException ex) {
			keep(batch); // for the next attempt (MERGE makes a repeat harmless)
			throw ex;
		}
		logger.info("Persisted " + batch.size() + " order(s): " + batch.stream().map(Order::id).toList());
		persisted.forEach(this.events::publish);
	}

	public int buffered() {
		synchronized (this.buffered) {
			return this.buffered.size();
		}
	}

}

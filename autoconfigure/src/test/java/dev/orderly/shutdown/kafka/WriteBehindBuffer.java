package dev.orderly.shutdown.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An in-memory write-behind buffer in front of a store file (one line per record id): the
 * listener hands a record over and returns, so its offset is committed while the record is
 * still only in memory. Whatever is in the buffer when the process ends without a flush is
 * lost: the classic loss a shutdown must prevent.
 */
class WriteBehindBuffer {

	private final ConcurrentLinkedQueue<String> pending = new ConcurrentLinkedQueue<>();

	private final RecordFile store;

	WriteBehindBuffer(RecordFile store) {
		this.store = store;
	}

	void add(String id) {
		this.pending.add(id);
	}

	/**
	 * The flush at shutdown: append every buffered id to the store and print
	 * {@link WriteBehindKafkaConfiguration#FLUSHED} with their number.
	 */
	void flushAtShutdown() {
		System.out.println(WriteBehindKafkaConfiguration.FLUSHED + flush());
		System.out.flush();
	}

	/**
	 * Append every buffered id to the store.
	 * @return how many were written
	 */
	synchronized int flush() {
		List<String> batch = new ArrayList<>();
		for (String id = this.pending.poll(); id != null; id = this.pending.poll()) {
			batch.add(id);
		}
		if (batch.isEmpty()) {
			return 0;
		}
		try {
			this.store.append(batch);
		}
		catch (IOException ex) {
			this.pending.addAll(batch);
			throw new UncheckedIOException(ex);
		}
		return batch.size();
	}

}

package dev.orderly.shutdown.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.orderly.shutdown.ShutdownContext;
import dev.orderly.shutdown.ShutdownTrigger;
import dev.orderly.shutdown.web.LongLivedResponses;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What the {@code flush} task reports when the database fails or time runs out: the report
 * must say how many orders were not persisted, and they stay buffered.
 */
class WriteBehindBufferTests {

	private final FlakyRepository repository = new FlakyRepository();

	private final WriteBehindBuffer buffer = new WriteBehindBuffer(this.repository,
			new OrderEvents(new DefaultListableBeanFactory().getBeanProvider(LongLivedResponses.class)),
			new SampleProperties(new SampleProperties.Orders(2, Duration.ofSeconds(10), Duration.ofSeconds(30)),
					new SampleProperties.Users("o", "v")));

	@Test
	void aDatabaseFailureNamesEveryOrderNotPersistedAndKeepsThemBuffered() {
		bufferWhileTheDatabaseIsDown(5); // more than one batch of 2
		this.repository.batchesUntilFailure = 1; // the flush's first batch succeeds, the second fails
		assertThatIllegalStateException().isThrownBy(() -> this.buffer.flush(context(false)))
			.withMessageStartingWith("3 order(s) not persisted: database down");
		assertThat(this.repository.written).hasSize(2);
		assertThat(this.buffer.buffered()).isEqualTo(3);
	}

	@Test
	void runningOutOfTimeNamesTheOrdersLeft() {
		bufferWhileTheDatabaseIsDown(3);
		this.repository.batchesUntilFailure = Integer.MAX_VALUE;
		assertThatIllegalStateException().isThrownBy(() -> this.buffer.flush(context(true)))
			.withMessage("3 order(s) not persisted: out of time");
		assertThat(this.repository.written).isEmpty();
		assertThat(this.buffer.buffered()).isEqualTo(3);
	}

	@Test
	void aCompleteFlushWritesEverything() {
		bufferWhileTheDatabaseIsDown(5);
		this.repository.batchesUntilFailure = Integer.MAX_VALUE;
		this.buffer.flush(context(false));
		assertThat(this.repository.written).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
		assertThat(this.buffer.buffered()).isZero();
	}

	/** Adds orders 1 to n; each full batch fails to be written and stays buffered. */
	private void bufferWhileTheDatabaseIsDown(int n) {
		this.repository.batchesUntilFailure = 0;
		for (long id = 1; id <= n; id++) {
			try {
				this.buffer.add(order(id));
			}
			catch (DataAccessResourceFailureException ex) {
				// the consumer would log this; the orders stay buffered
			}
		}
		assertThat(this.buffer.buffered()).isEqualTo(n);
	}

	private static Order order(long id) {
		return new Order(id, "item", 1, Order.Status.CONFIRMED, Instant.now());
	}

	private static ShutdownContext context(boolean cancelled) {
		return new ShutdownContext() {

			@Override
			public String stage() {
				return "flush";
			}

			@Override
			public String task() {
				return "writeBehindBuffer.flush";
			}

			@Override
			public Instant deadline() {
				return Instant.now().plusSeconds(4);
			}

			@Override
			public Duration remaining() {
				return Duration.ofSeconds(4);
			}

			@Override
			public boolean isCancelled() {
				return cancelled;
			}

			@Override
			public ShutdownTrigger trigger() {
				return ShutdownTrigger.API;
			}

			@Override
			public String reason() {
				return "test";
			}

		};
	}

	/** Records what it writes; fails, as a lost database connection would, once its count runs out. */
	static class FlakyRepository extends OrderRepository {

		final List<Long> written = new ArrayList<>();

		int batchesUntilFailure = Integer.MAX_VALUE;

		FlakyRepository() {
			super(new JdbcTemplate());
		}

		@Override
		List<Order> saveAll(List<Order> batch) {
			if (this.batchesUntilFailure-- <= 0) {
				throw new DataAccessResourceFailureException("database down");
			}
			batch.forEach((order) -> this.written.add(order.id()));
			return batch.stream().map((order) -> order.withStatus(Order.Status.PERSISTED)).toList();
		}

	}

}

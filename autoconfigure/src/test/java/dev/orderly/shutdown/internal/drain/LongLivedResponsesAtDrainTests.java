package dev.orderly.shutdown.internal.drain;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LongLivedResponsesAtDrainTests {

	private final LongLivedResponsesAtDrain responses = new LongLivedResponsesAtDrain();

	@Test
	void responsesAreEndedOnceWhenTheDrainEnds() {
		AtomicInteger ended = new AtomicInteger();
		this.responses.onDrainEnd(ended::incrementAndGet);
		this.responses.onDrainEnd(ended::incrementAndGet);
		assertThat(this.responses.endAll()).isEqualTo(2);
		assertThat(this.responses.endAll()).isZero();
		assertThat(ended).hasValue(2);
	}

	@Test
	void aResponseThatEndedByItselfIsNotEndedAgain() {
		AtomicInteger ended = new AtomicInteger();
		Runnable cancel = this.responses.onDrainEnd(ended::incrementAndGet);
		cancel.run();
		assertThat(this.responses.endAll()).isZero();
		assertThat(ended).hasValue(0);
	}

	@Test
	void aResponseBegunAfterTheDrainIsEndedAtOnce() {
		this.responses.endAll();
		AtomicInteger ended = new AtomicInteger();
		this.responses.onDrainEnd(ended::incrementAndGet);
		assertThat(ended).hasValue(1);
	}

	/**
	 * A response begun as the drain ends (on a server thread, while the shutdown thread ends
	 * the others) ends the registered ones too: none of them may be ended twice.
	 */
	@Test
	void eachResponseIsEndedOnceWhenAnotherBeginsWhileTheDrainEnds() {
		AtomicInteger first = new AtomicInteger();
		AtomicInteger second = new AtomicInteger();
		this.responses.onDrainEnd(() -> {
			first.incrementAndGet();
			this.responses.onDrainEnd(() -> {
			});
		});
		this.responses.onDrainEnd(() -> {
			second.incrementAndGet();
			this.responses.onDrainEnd(() -> {
			});
		});
		this.responses.endAll();
		assertThat(first).hasValue(1);
		assertThat(second).hasValue(1);
	}

}

package dev.orderly.shutdown.internal.drain;

import java.util.concurrent.atomic.AtomicInteger;

import dev.orderly.shutdown.web.reactive.ReactiveLongLivedResponses;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ReactiveLongLivedResponses#endAtDrain} per subscription: each one is ended, each
 * one is forgotten when it ends by itself.
 */
class ReactiveLongLivedResponsesSubscriptionTests {

	private final LongLivedResponsesAtDrain longLivedResponses = new LongLivedResponsesAtDrain();

	private final Flux<String> stream = Flux.<String>never()
		.transform(ReactiveLongLivedResponses.endAtDrain(this.longLivedResponses));

	@Test
	void eachSubscriptionOfAStreamIsCompletedWhenTheDrainEnds() {
		AtomicInteger completed = new AtomicInteger();
		this.stream.subscribe(null, null, completed::incrementAndGet);
		this.stream.subscribe(null, null, completed::incrementAndGet);
		assertThat(this.longLivedResponses.registered()).isEqualTo(2);
		assertThat(this.longLivedResponses.endAll()).isEqualTo(2);
		assertThat(completed).hasValue(2);
		assertThat(this.longLivedResponses.registered()).isZero();
	}

	@Test
	void aSubscriptionAfterTheDrainEndedCompletesAtOnceWithoutElements() {
		this.longLivedResponses.endAll();
		assertThat(Flux.just("a", "b")
			.transform(ReactiveLongLivedResponses.endAtDrain(this.longLivedResponses))
			.collectList()
			.block()).isEmpty();
		assertThat(this.longLivedResponses.registered()).isZero();
	}

	@Test
	void aStreamThatCompletesFailsOrIsCancelledIsForgotten() {
		Sinks.Many<String> completing = Sinks.many().unicast().onBackpressureBuffer();
		Sinks.Many<String> failing = Sinks.many().unicast().onBackpressureBuffer();
		AtomicInteger errors = new AtomicInteger();
		completing.asFlux().transform(ReactiveLongLivedResponses.endAtDrain(this.longLivedResponses)).subscribe();
		failing.asFlux()
			.transform(ReactiveLongLivedResponses.endAtDrain(this.longLivedResponses))
			.subscribe(null, (ex) -> errors.incrementAndGet());
		Disposable cancelled = this.stream.subscribe();
		assertThat(this.longLivedResponses.registered()).isEqualTo(3);
		completing.tryEmitComplete();
		failing.tryEmitError(new IllegalStateException("failed"));
		cancelled.dispose();
		assertThat(errors).hasValue(1);
		assertThat(this.longLivedResponses.registered()).isZero();
		assertThat(this.longLivedResponses.endAll()).isZero();
	}

	@Test
	void elementsEmittedBeforeTheDrainEndsAreDelivered() {
		Sinks.Many<String> source = Sinks.many().unicast().onBackpressureBuffer();
		StringBuilder received = new StringBuilder();
		AtomicInteger completed = new AtomicInteger();
		source.asFlux()
			.transform(ReactiveLongLivedResponses.endAtDrain(this.longLivedResponses))
			.subscribe(received::append, null, completed::incrementAndGet);
		source.tryEmitNext("a");
		source.tryEmitNext("b");
		this.longLivedResponses.endAll();
		source.tryEmitNext("c");
		assertThat(received).hasToString("ab");
		assertThat(completed).hasValue(1);
	}

}

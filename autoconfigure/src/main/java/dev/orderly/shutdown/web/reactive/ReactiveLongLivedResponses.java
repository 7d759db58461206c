package dev.orderly.shutdown.web.reactive;

import java.util.function.Function;

import dev.orderly.shutdown.web.LongLivedResponses;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import org.springframework.util.Assert;

/**
 * An operator that completes a long-lived {@link Flux}, such as a stream of server-sent
 * events, when the drain ends: the client sees a normal end of the stream and reconnects,
 * to another instance, instead of holding the web stage until its timeout and being cut off.
 * Works with Spring WebFlux, and with Spring MVC controllers that return a {@code Flux}.
 *
 * <pre class="code">
 * &#64;GetMapping(path = "/orders/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
 * Flux&lt;ServerSentEvent&lt;Order&gt;&gt; stream() {
 *     return this.orders.changes().transform(ReactiveLongLivedResponses.endAtDrain(this.longLivedResponses));
 * }
 * </pre>
 *
 * Each subscription registers its own end with the drain, and forgets it when the stream
 * ends by itself (completes, fails or is cancelled), so a re-subscribed stream is ended too,
 * and nothing stays registered. A subscription that begins after the drain has ended
 * completes at once.
 *
 * @since 0.1.0
 * @see LongLivedWebSocketSessions
 */
public final class ReactiveLongLivedResponses {

	private ReactiveLongLivedResponses() {
	}

	/**
	 * An operator for {@link Flux#transform} that completes the stream when the drain ends.
	 * @param <T> the type of the stream's elements
	 * @param longLivedResponses the application's long-lived responses (a bean)
	 * @return the operator
	 */
	public static <T> Function<Flux<T>, Flux<T>> endAtDrain(LongLivedResponses longLivedResponses) {
		Assert.notNull(longLivedResponses, "'longLivedResponses' must not be null");
		return (stream) -> Flux.defer(() -> {
			// completed on the shutdown thread; takeUntilOther serializes that completion with
			// the elements the stream emits on its own threads
			Sinks.Empty<Void> drainEnded = Sinks.empty();
			Runnable forget = longLivedResponses.onDrainEnd(drainEnded::tryEmitEmpty);
			return stream.takeUntilOther(drainEnded.asMono()).doFinally((signal) -> forget.run());
		});
	}

}

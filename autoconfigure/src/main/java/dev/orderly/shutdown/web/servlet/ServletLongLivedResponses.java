package dev.orderly.shutdown.web.servlet;

import dev.orderly.shutdown.web.LongLivedResponses;

import org.springframework.util.Assert;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

/**
 * Completes a Spring MVC {@link ResponseBodyEmitter}, such as an {@code SseEmitter}, when
 * the drain ends, so its client reconnects to another instance instead of holding the web
 * stage until its timeout.
 *
 * <pre class="code">
 * &#64;GetMapping("/orders/stream")
 * SseEmitter stream() {
 *     return ServletLongLivedResponses.endAtDrain(this.longLivedResponses, new SseEmitter(0L));
 * }
 * </pre>
 *
 * @since 0.1.0
 * @see dev.orderly.shutdown.web.reactive.ReactiveLongLivedResponses
 */
public final class ServletLongLivedResponses {

	private ServletLongLivedResponses() {
	}

	/**
	 * Complete the emitter when the drain ends; forget it if it completes earlier. An
	 * emitter registered after the drain has ended is completed at once.
	 * @param <T> the emitter type
	 * @param longLivedResponses the application's long-lived responses (a bean)
	 * @param emitter an {@code SseEmitter} or other {@code ResponseBodyEmitter}
	 * @return the emitter
	 */
	public static <T extends ResponseBodyEmitter> T endAtDrain(LongLivedResponses longLivedResponses, T emitter) {
		Assert.notNull(longLivedResponses, "'longLivedResponses' must not be null");
		Assert.notNull(emitter, "'emitter' must not be null");
		emitter.onCompletion(longLivedResponses.onDrainEnd(emitter::complete));
		return emitter;
	}

}

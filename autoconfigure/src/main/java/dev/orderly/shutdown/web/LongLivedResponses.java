package dev.orderly.shutdown.web;

import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

/**
 * Long-lived responses (SSE streams, long polls, streaming bodies) to end when the drain
 * ends, so their clients reconnect to another instance instead of holding the web stage
 * until its timeout. A bean of this type exists in servlet and reactive web applications.
 *
 * <pre class="code">
 * &#64;GetMapping("/orders/stream")
 * SseEmitter stream() {
 *     return longLivedResponses.endAtDrain(new SseEmitter(0L));
 * }
 * </pre>
 *
 * @since 0.1.0
 */
public interface LongLivedResponses {

	/**
	 * Complete the emitter when the drain ends; forget it if it completes earlier. Typed
	 * loosely so that this interface loads without Spring MVC (a reactive application
	 * has a bean of this type too).
	 * @param <T> the emitter type
	 * @param emitter an {@code SseEmitter} or other {@code ResponseBodyEmitter}
	 * @return the emitter
	 * @throws IllegalArgumentException if the emitter is not a {@code ResponseBodyEmitter}
	 */
	default <T> T endAtDrain(T emitter) {
		if (!(emitter instanceof ResponseBodyEmitter bodyEmitter)) {
			throw new IllegalArgumentException("Expected a ResponseBodyEmitter, such as an SseEmitter, but got "
					+ ((emitter != null) ? emitter.getClass().getName() : "null"));
		}
		bodyEmitter.onCompletion(onDrainEnd(bodyEmitter::complete));
		return emitter;
	}

	/**
	 * Run an action when the drain ends, for long-lived responses of other kinds. An action
	 * registered after the drain has ended runs at once.
	 * @param ender what ends the response
	 * @return a handle that cancels the action, for a response that ended by itself
	 */
	Runnable onDrainEnd(Runnable ender);

}

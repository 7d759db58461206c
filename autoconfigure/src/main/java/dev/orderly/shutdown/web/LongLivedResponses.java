package dev.orderly.shutdown.web;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

/**
 * Long-lived responses (SSE streams, long polls, streaming bodies) to end when the drain
 * ends, so their clients reconnect to another instance instead of holding the web stage
 * until its timeout.
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
public class LongLivedResponses {

	private static final Log logger = LogFactory.getLog(LongLivedResponses.class);

	private final Set<Runnable> enders = ConcurrentHashMap.newKeySet();

	private volatile boolean drainEnded;

	/**
	 * Complete the emitter when the drain ends; forget it if it completes earlier.
	 * @param <T> the emitter type
	 * @param emitter an {@code SseEmitter} or other {@code ResponseBodyEmitter}
	 * @return the emitter
	 */
	public <T extends ResponseBodyEmitter> T endAtDrain(T emitter) {
		Runnable ender = emitter::complete;
		emitter.onCompletion(() -> this.enders.remove(ender));
		register(ender);
		return emitter;
	}

	/**
	 * Run an action when the drain ends, for long-lived responses of other kinds.
	 * @param ender what ends the response
	 * @return a handle that cancels the action, for a response that ended by itself
	 */
	public Runnable onDrainEnd(Runnable ender) {
		register(ender);
		return () -> this.enders.remove(ender);
	}

	/**
	 * Remember the action, or run it now if the drain has already ended: a response begun
	 * after the drain would otherwise hold the web stage until its timeout.
	 */
	private void register(Runnable ender) {
		this.enders.add(ender);
		if (this.drainEnded) {
			endAll();
		}
	}

	/**
	 * End every registered response.
	 * @return how many were ended
	 */
	int endAll() {
		this.drainEnded = true;
		int ended = 0;
		for (Runnable ender : Set.copyOf(this.enders)) {
			this.enders.remove(ender);
			try {
				ender.run();
				ended++;
			}
			catch (RuntimeException ex) {
				logger.warn("Could not end a long-lived response at the end of the drain", ex);
			}
		}
		return ended;
	}

}

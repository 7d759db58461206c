package dev.orderly.shutdown.internal.drain;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.orderly.shutdown.web.LongLivedResponses;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The long-lived responses registered by the application, which the drain ends when it
 * ends.
 */
public final class LongLivedResponsesAtDrain implements LongLivedResponses {

	private static final Log logger = LogFactory.getLog(LongLivedResponsesAtDrain.class);

	private final Set<Runnable> enders = ConcurrentHashMap.newKeySet();

	private volatile boolean drainEnded;

	@Override
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
	 * How many responses wait for the end of the drain.
	 * @return the number of registered responses
	 */
	int registered() {
		return this.enders.size();
	}

	/**
	 * End every registered response.
	 * @return how many were ended
	 */
	int endAll() {
		this.drainEnded = true;
		int ended = 0;
		for (Runnable ender : Set.copyOf(this.enders)) {
			// a response begun meanwhile (on a server thread, or by an ender) ends the others
			// too: whoever removes an ender runs it, once
			if (!this.enders.remove(ender)) {
				continue;
			}
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

package dev.orderly.shutdown.web.reactive;

import dev.orderly.shutdown.web.LongLivedResponses;

import org.springframework.util.Assert;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * Closes a Spring WebFlux {@link WebSocketSession} when the drain ends, with status 1001
 * {@link CloseStatus#GOING_AWAY}, so its client reconnects to another instance instead of
 * being cut off when the server stops.
 *
 * <pre class="code">
 * &#64;Override
 * public Mono&lt;Void&gt; handle(WebSocketSession session) {
 *     LongLivedWebSocketSessions.closeAtDrain(this.longLivedResponses, session);
 *     return session.send(this.prices.map(session::textMessage));
 * }
 * </pre>
 *
 * The session is forgotten when it closes by itself. A session opened after the drain has
 * ended is closed at once.
 *
 * @since 0.1.0
 * @see ReactiveLongLivedResponses
 */
public final class LongLivedWebSocketSessions {

	private LongLivedWebSocketSessions() {
	}

	/**
	 * Close the session with {@link CloseStatus#GOING_AWAY} when the drain ends; forget it
	 * if it closes earlier.
	 * @param longLivedResponses the application's long-lived responses (a bean)
	 * @param session the session, typically the one given to a {@code WebSocketHandler}
	 * @return the session
	 */
	public static WebSocketSession closeAtDrain(LongLivedResponses longLivedResponses, WebSocketSession session) {
		Assert.notNull(longLivedResponses, "'longLivedResponses' must not be null");
		Assert.notNull(session, "'session' must not be null");
		// a close that fails finds the connection gone already
		Runnable forget = longLivedResponses
			.onDrainEnd(() -> session.close(CloseStatus.GOING_AWAY).onErrorComplete().subscribe());
		// ends, with or without a status, however the session closes
		session.closeStatus().onErrorComplete().doFinally((signal) -> forget.run()).subscribe();
		return session;
	}

}

package dev.orderly.shutdown.web;

/**
 * Long-lived responses (SSE streams, WebSocket sessions, long polls, streaming bodies) to
 * end when the drain ends, so their clients reconnect to another instance instead of
 * holding the web stage until its timeout. A bean of this type exists in servlet and
 * reactive web applications. Register a response with the helper of its web stack:
 * <ul>
 * <li>a Spring MVC {@code SseEmitter} or other {@code ResponseBodyEmitter}:
 * {@link dev.orderly.shutdown.web.servlet.ServletLongLivedResponses#endAtDrain};</li>
 * <li>a {@code Flux} streamed as server-sent events (WebFlux or Spring MVC):
 * {@link dev.orderly.shutdown.web.reactive.ReactiveLongLivedResponses#endAtDrain};</li>
 * <li>a WebFlux {@code WebSocketSession}:
 * {@link dev.orderly.shutdown.web.reactive.LongLivedWebSocketSessions#closeAtDrain};</li>
 * <li>anything else: {@link #onDrainEnd(Runnable)}.</li>
 * </ul>
 * This type names no web stack's types, so that an application loads it with either stack
 * alone on its class path.
 *
 * <pre class="code">
 * &#64;GetMapping("/orders/stream")
 * SseEmitter stream() {
 *     return ServletLongLivedResponses.endAtDrain(this.longLivedResponses, new SseEmitter(0L));
 * }
 * </pre>
 *
 * @since 0.1.0
 */
public interface LongLivedResponses {

	/**
	 * Run an action when the drain ends, to end a long-lived response. An action
	 * registered after the drain has ended runs at once. Each action runs once, on the
	 * thread that ends the drain, or on the registering thread if the drain has ended.
	 * @param ender what ends the response
	 * @return a handle that cancels the action, for a response that ended by itself
	 */
	Runnable onDrainEnd(Runnable ender);

}

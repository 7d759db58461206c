package dev.orderly.shutdown.testsupport;

import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A JDK WebSocket client's listener that records the text messages it receives and the
 * status its session is closed with.
 */
public final class RecordingWebSocket implements WebSocket.Listener {

	/** The text messages received, in order. */
	public final List<String> texts = new CopyOnWriteArrayList<>();

	/** Completes with the close status the server sent, or fails with the session's error. */
	public final CompletableFuture<Integer> closed = new CompletableFuture<>();

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.texts.add(data.toString());
		webSocket.request(1);
		return null;
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		this.closed.complete(statusCode);
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		this.closed.completeExceptionally(error);
	}

}

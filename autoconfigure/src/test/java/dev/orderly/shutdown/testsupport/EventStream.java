package dev.orderly.shutdown.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A server-sent event stream read line by line with the JDK {@link HttpClient} over
 * HTTP/1.1, whose end can be awaited: the JDK client fails the read of a chunked body cut
 * before its terminator ("EOF reached while reading"), so a stream read to its end ended
 * well-formed.
 */
public final class EventStream implements AutoCloseable {

	private final HttpResponse<Stream<String>> response;

	private final Iterator<String> lines;

	private EventStream(HttpResponse<Stream<String>> response) {
		this.response = response;
		this.lines = response.body().iterator();
	}

	/**
	 * Request a stream.
	 * @param uri its address
	 * @return the stream, its headers received
	 * @throws IOException if the request fails
	 * @throws InterruptedException if interrupted
	 */
	public static EventStream open(URI uri) throws IOException, InterruptedException {
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		return new EventStream(client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofLines()));
	}

	/**
	 * The response, for its status and headers.
	 * @return the response
	 */
	public HttpResponse<Stream<String>> response() {
		return this.response;
	}

	/**
	 * The next {@code data:} line.
	 * @return the line
	 */
	public String nextData() {
		while (this.lines.hasNext()) {
			String line = this.lines.next();
			if (line.startsWith("data:")) {
				return line;
			}
		}
		throw new AssertionError("The stream ended before its next event");
	}

	/**
	 * Read the rest of the stream, up to its well-formed end, on a thread of its own.
	 * @param timeout how long the stream may take to end
	 * @return the lines read
	 * @throws Exception if the stream was cut, or did not end in time
	 */
	public List<String> readToEnd(Duration timeout) throws Exception {
		return CompletableFuture.supplyAsync(() -> {
			List<String> rest = new ArrayList<>();
			this.lines.forEachRemaining(rest::add);
			return rest;
		}, (task) -> new Thread(task, "test-event-stream-reader").start()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** Close the stream before its end, as a client that goes away. */
	@Override
	public void close() {
		this.response.body().close();
	}

}

package dev.orderly.shutdown.internal.drain;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.jspecify.annotations.Nullable;

/**
 * Jetty's HTTP/2 client, which, like browsers, curl and proxies, resets a stream whose
 * response is malformed, such as one with a connection-specific header (RFC 9113, 8.2.2);
 * the JDK client accepts such a response. It speaks h2c with prior knowledge, or h2 over
 * TLS negotiated with ALPN.
 */
final class StrictHttp2Client implements AutoCloseable {

	private final HttpClient client;

	private StrictHttp2Client(HttpClient client) {
		this.client = client;
	}

	/**
	 * Start a client.
	 * @param tls the context for {@code https://} requests, or {@code null} for h2c only
	 * @return the started client
	 */
	static StrictHttp2Client start(@Nullable SSLContext tls) throws Exception {
		ClientConnector connector = new ClientConnector();
		if (tls != null) {
			SslContextFactory.Client factory = new SslContextFactory.Client();
			factory.setSslContext(tls);
			connector.setSslContextFactory(factory);
		}
		HttpClient client = new HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client(connector)));
		client.start();
		return new StrictHttp2Client(client);
	}

	/**
	 * Send a GET request over HTTP/2.
	 * @param uri where to
	 * @return the response
	 * @throws Exception if the request failed, for example a stream reset
	 */
	ContentResponse get(URI uri) throws Exception {
		ContentResponse response = this.client.newRequest(uri).timeout(15, TimeUnit.SECONDS).send();
		if (response.getVersion() != HttpVersion.HTTP_2) {
			throw new IllegalStateException("Expected HTTP/2 but was " + response.getVersion());
		}
		return response;
	}

	@Override
	public void close() throws Exception {
		this.client.stop();
	}

}

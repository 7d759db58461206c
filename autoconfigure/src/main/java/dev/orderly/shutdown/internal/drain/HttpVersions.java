package dev.orderly.shutdown.internal.drain;

import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Request;
import reactor.netty.http.server.HttpServerRequest;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.util.ClassUtils;

/**
 * Whether a request came over HTTP/1.x, the only version whose responses may carry
 * {@code Connection: close} (HTTP/2 forbids the header, and a strict client resets the
 * stream). A servlet request names its protocol; for a reactive one it is read from the
 * server's own request, since Spring's {@link ServerHttpRequest} does not say: Reactor Netty's
 * {@link HttpServerRequest#version()}, the servlet request's protocol (reactive Tomcat), or
 * Jetty's connection metadata. Each server's types are touched only when that server's
 * classes are present. Only asked during the drain.
 */
final class HttpVersions {

	private static final ClassLoader classLoader = HttpVersions.class.getClassLoader();

	private static final boolean reactorNetty = ClassUtils
		.isPresent("reactor.netty.http.server.HttpServerRequest", classLoader);

	private static final boolean servlet = ClassUtils.isPresent("jakarta.servlet.http.HttpServletRequest",
			classLoader);

	private static final boolean jetty = ClassUtils.isPresent("org.eclipse.jetty.server.Request", classLoader);

	private static final String HTTP_1 = "HTTP/1.";

	private HttpVersions() {
	}

	/**
	 * Whether a protocol, as a servlet request names it, is HTTP/1.x.
	 * @param protocol the protocol, such as {@code HTTP/1.1}
	 * @return whether the response may carry {@code Connection: close}
	 */
	static boolean isHttp1(String protocol) {
		return protocol.startsWith(HTTP_1);
	}

	/**
	 * Whether the request came over HTTP/1.x. A request from a server this does not know, or
	 * from none, is taken as not HTTP/1.x: leaving out {@code Connection: close} only keeps a client on
	 * this instance until the server stops, while sending it over HTTP/2 fails the stream.
	 * @param request the request
	 * @return whether the response may carry {@code Connection: close}
	 */
	static boolean isHttp1(ServerHttpRequest request) {
		Object nativeRequest;
		try {
			nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
		}
		catch (RuntimeException ex) {
			// a request with no server behind it, such as WebTestClient's mock one, which
			// throws: never fail a response over a header
			return false;
		}
		if (reactorNetty && ReactorNetty.isRequest(nativeRequest)) {
			return ReactorNetty.isHttp1(nativeRequest);
		}
		if (servlet && Servlet.isRequest(nativeRequest)) {
			return Servlet.isHttp1(nativeRequest);
		}
		if (jetty && Jetty.isRequest(nativeRequest)) {
			return Jetty.isHttp1(nativeRequest);
		}
		return false;
	}

	private static final class ReactorNetty {

		static boolean isRequest(Object request) {
			return request instanceof HttpServerRequest;
		}

		static boolean isHttp1(Object request) {
			// HTTP/2 streams report "HTTP/2.0" here, though Netty hands them on as HTTP/1.1 objects
			return ((HttpServerRequest) request).version().majorVersion() == 1;
		}

	}

	private static final class Servlet {

		static boolean isRequest(Object request) {
			return request instanceof HttpServletRequest;
		}

		static boolean isHttp1(Object request) {
			return HttpVersions.isHttp1(((HttpServletRequest) request).getProtocol());
		}

	}

	private static final class Jetty {

		static boolean isRequest(Object request) {
			return request instanceof Request;
		}

		static boolean isHttp1(Object request) {
			HttpVersion version = ((Request) request).getConnectionMetaData().getHttpVersion();
			return version == HttpVersion.HTTP_1_0 || version == HttpVersion.HTTP_1_1;
		}

	}

}

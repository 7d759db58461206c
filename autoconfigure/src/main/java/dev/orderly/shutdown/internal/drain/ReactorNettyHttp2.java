package dev.orderly.shutdown.internal.drain;

import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * Whether an application is served by Reactor Netty with HTTP/2 enabled
 * ({@code server.http2.enabled}). There, Boot's graceful shutdown disposes the server in a way
 * that can close an HTTP/2 connection under a stream still in flight: the client fails it
 * ({@code ClosedChannelException}) although its handler answers, with or without the starter
 * (Reactor Netty 1.3.7). So the web stage lets the requests in flight finish before that
 * shutdown begins; Tomcat and Jetty finish them themselves and are left as they are.
 */
public final class ReactorNettyHttp2 {

	private static final String NETTY_WEB_SERVER = "org.springframework.boot.reactor.netty.NettyWebServer";

	private ReactorNettyHttp2() {
	}

	/**
	 * Whether the context's web server is Reactor Netty and HTTP/2 is enabled. Asked when the
	 * web stage begins, once the server exists.
	 * @param context the application context
	 * @return whether requests in flight should finish before the graceful shutdown
	 */
	public static boolean serves(ApplicationContext context) {
		if (!(context instanceof WebServerApplicationContext webContext)
				|| !context.getEnvironment().getProperty("server.http2.enabled", Boolean.class, false)) {
			return false;
		}
		WebServer server = webContext.getWebServer();
		ClassLoader classLoader = context.getClassLoader();
		return server != null && ClassUtils.isPresent(NETTY_WEB_SERVER, classLoader)
				&& ClassUtils.resolveClassName(NETTY_WEB_SERVER, classLoader).isInstance(server);
	}

}

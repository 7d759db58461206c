package dev.orderly.shutdown.testsupport;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts a test's application with a real embedded web server on a random port, the test's
 * own objects (its {@link RecordingListener}, tasks, advisors) registered as beans before
 * the context refreshes, as an application's beans would be.
 */
public final class TestWebApplication {

	/** Runs a servlet application on Tomcat: Jetty is on the test class path too. */
	public static final String ON_TOMCAT = "spring.autoconfigure.exclude="
			+ "org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration";

	private TestWebApplication() {
	}

	/**
	 * Runs the application on a random port, without a banner.
	 * @param application the application, its sources and web application type set
	 * @param beans the test's objects by bean name, registered in this order
	 * @param properties further properties, {@code name=value}
	 * @return the running application's context
	 */
	public static ConfigurableApplicationContext start(SpringApplicationBuilder application, Map<String, ?> beans,
			List<String> properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "spring.main.banner-mode=off"));
		all.addAll(properties);
		return application.properties(all.toArray(String[]::new))
			.initializers((context) -> beans.forEach(context.getBeanFactory()::registerSingleton))
			.run();
	}

	/**
	 * The port the application's web server listens on.
	 * @param context the running application's context
	 * @return the port
	 */
	public static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	/**
	 * Closes the context on a thread of its own, as a shutdown hook would: {@code close()}
	 * blocks for seconds, and the common pool may have a single worker (2 CPUs) that the
	 * application's async work also needs.
	 * @param context the running application's context
	 * @return how long {@code close()} took, once it has returned
	 */
	public static CompletableFuture<Duration> closeInBackground(ConfigurableApplicationContext context) {
		return CompletableFuture.supplyAsync(() -> {
			long start = System.nanoTime();
			context.close();
			return Duration.ofNanos(System.nanoTime() - start);
		}, (task) -> new Thread(task, "test-close").start());
	}

	/**
	 * The server's address on the loopback interface, to resolve request paths against.
	 * @param context the running application's context
	 * @return {@code http://127.0.0.1:<port>}
	 */
	public static URI baseUri(ConfigurableApplicationContext context) {
		return URI.create("http://127.0.0.1:" + port(context));
	}

}

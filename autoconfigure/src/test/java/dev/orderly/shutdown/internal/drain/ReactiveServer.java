package dev.orderly.shutdown.internal.drain;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The three embedded servers a WebFlux application can run on, each selected by excluding
 * the reactive auto-configurations of the other two, all of which are on the test class
 * path (Spring MVC too, hence the web application type).
 */
enum ReactiveServer {

	/** Reactor Netty, WebFlux's default. */
	REACTOR_NETTY("Reactor Netty", "Netty",
			"org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration",
			"NettyWebServer"),

	/** Tomcat, through its reactive adapter. */
	TOMCAT("reactive Tomcat", "Tomcat",
			"org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration",
			"TomcatWebServer"),

	/** Jetty, through its reactive adapter. */
	JETTY("reactive Jetty", "Jetty",
			"org.springframework.boot.jetty.autoconfigure.reactive.JettyReactiveWebServerAutoConfiguration",
			"JettyWebServer");

	private final String displayName;

	private final String logName;

	private final String autoConfiguration;

	private final String webServerType;

	ReactiveServer(String displayName, String logName, String autoConfiguration, String webServerType) {
		this.displayName = displayName;
		this.logName = logName;
		this.autoConfiguration = autoConfiguration;
		this.webServerType = webServerType;
	}

	/**
	 * Properties that run a reactive application on this server.
	 * @return {@code name=value} pairs
	 */
	List<String> properties() {
		String others = Arrays.stream(values())
			.filter((server) -> server != this)
			.map((server) -> server.autoConfiguration)
			.collect(Collectors.joining(","));
		return List.of("spring.main.web-application-type=reactive", "spring.autoconfigure.exclude=" + others);
	}

	/**
	 * The same properties as command-line arguments.
	 * @return {@code --name=value} arguments
	 */
	List<String> arguments() {
		return properties().stream().map((property) -> "--" + property).toList();
	}

	/**
	 * The name the server gives itself in its log, as in {@code Netty started on port 8080}.
	 * @return for example {@code Netty}
	 */
	String logName() {
		return this.logName;
	}

	/**
	 * Simple name of the class of the started web server.
	 * @return for example {@code NettyWebServer}
	 */
	String webServerType() {
		return this.webServerType;
	}

	@Override
	public String toString() {
		return this.displayName;
	}

}

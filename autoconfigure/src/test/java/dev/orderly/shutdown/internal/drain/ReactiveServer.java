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
	REACTOR_NETTY("org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration",
			"NettyWebServer"),

	/** Tomcat, through its reactive adapter. */
	TOMCAT("org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration",
			"TomcatWebServer"),

	/** Jetty, through its reactive adapter. */
	JETTY("org.springframework.boot.jetty.autoconfigure.reactive.JettyReactiveWebServerAutoConfiguration",
			"JettyWebServer");

	private final String autoConfiguration;

	private final String webServerType;

	ReactiveServer(String autoConfiguration, String webServerType) {
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
	 * Simple name of the class of the started web server.
	 * @return for example {@code NettyWebServer}
	 */
	String webServerType() {
		return this.webServerType;
	}

}

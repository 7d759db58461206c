package dev.orderly.shutdown.benchmarks;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The smallest realistic application: auto-configuration only, no beans of its own, so with
 * the starter on the classpath it has the three built-in stages and no tasks. With
 * spring-boot-starter-webmvc on the classpath it is a servlet web application (Tomcat on the
 * port given as {@code --server.port}); otherwise a non-web application kept alive until
 * SIGTERM. Prints {@link #READY} once started.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class BenchmarkApplication {

	static final String READY = "BENCHMARK-APP READY";

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(BenchmarkApplication.class);
		application.setKeepAlive(true);
		application.run(args);
		System.out.println(READY);
		System.out.flush();
	}

}

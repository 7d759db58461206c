package dev.orderly.shutdown.benchmarks;

import java.lang.management.ManagementFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

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

	/**
	 * Prints the ready line of the web apps, {@code BENCHMARK-APP READY port=<port>
	 * uptime-ms=<ms> cpu-ms=<ms>}: the JVM's uptime then is the startup time the overhead
	 * benchmark records, and {@code cpu-ms}, the CPU time the JVM had used by then.
	 */
	static void printReady(ConfigurableApplicationContext context) {
		System.out.println(READY + " port=" + context.getEnvironment().getProperty("local.server.port") + " uptime-ms="
				+ ManagementFactory.getRuntimeMXBean().getUptime() + " cpu-ms=" + cpuMillis());
		System.out.flush();
	}

	/**
	 * The CPU time the JVM has used so far (all its threads, user and system): on a loaded
	 * machine it moves much less than the wall-clock uptime.
	 */
	private static long cpuMillis() {
		return (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)
				? os.getProcessCpuTime() / 1_000_000 : -1;
	}

}

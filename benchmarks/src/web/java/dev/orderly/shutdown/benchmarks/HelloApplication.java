package dev.orderly.shutdown.benchmarks;

import java.lang.management.ManagementFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A minimal webmvc application with a trivial endpoint ({@code GET /hello}) and a slow one
 * ({@code GET /slow?ms=300}), for the request-path and drain benchmarks. Auto-configuration
 * only, no configuration of its own: with the starter on the classpath it gets the starter's
 * defaults. Prints {@code BENCHMARK-APP READY port=<port> uptime-ms=<ms> cpu-ms=<ms>} once started: the
 * JVM's uptime then is the startup time the overhead benchmark records, and {@code cpu-ms=<ms>},
 * the CPU time the JVM had used by then.
 * <p>
 * Compiled only with the {@code web} profile (source folder {@code src/web/java}).
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(HelloApplication.Endpoints.class)
public class HelloApplication {

	public static void main(String[] args) {
		ConfigurableApplicationContext context = SpringApplication.run(HelloApplication.class, args);
		System.out.println(BenchmarkApplication.READY + " port=" + context.getEnvironment().getProperty("local.server.port")
				+ " uptime-ms=" + ManagementFactory.getRuntimeMXBean().getUptime() + " cpu-ms=" + cpuMillis());
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

	@RestController
	static class Endpoints {

		@GetMapping("/hello")
		String hello() {
			return "hello";
		}

		@GetMapping("/slow")
		String slow(@RequestParam long ms) throws InterruptedException {
			Thread.sleep(ms);
			return "slow " + ms;
		}

	}

}

package dev.orderly.shutdown.process;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

import dev.orderly.shutdown.ShutdownTaskRegistration;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;

/**
 * An application whose shutdown hangs, run as a child JVM by {@link HangingShutdownProcessTests}.
 * Each way to hang is switched on by a property:
 * <ul>
 * <li>{@code test.socket-read}: a task in {@code flush} blocked reading the reply of a
 * server on 127.0.0.1 that accepts the connection and never answers;
 * <li>{@code test.slow-async-stop}: a library's {@link SmartLifecycle} bean, to be stopped
 * in a stage ({@code orderly.shutdown.stages.consumers.lifecycles=slowContainer}), whose
 * asynchronous stop calls back after 2 s, on its own thread;
 * <li>{@code test.stray-thread}: a non-daemon thread that polls for ever;
 * <li>{@code test.hanging-hook}: a library's JVM shutdown hook that does not return.
 * </ul>
 * Prints {@link #READY} (and the web server's port, if any) once started.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class HangingApplication {

	static final String READY = "HANGING-APP READY";

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(HangingApplication.class);
		application.setKeepAlive(true);
		ConfigurableApplicationContext context = application.run(args);
		int port = (context instanceof WebServerApplicationContext web) ? web.getWebServer().getPort() : -1;
		System.out.println(READY + " port=" + port);
		System.out.flush();
	}

	@Bean
	@ConditionalOnBooleanProperty("test.socket-read")
	ShutdownTaskRegistration readReply() throws IOException {
		ReplyClient client = new ReplyClient();
		return ShutdownTaskRegistration.of("flush", "read-reply", (context) -> client.awaitReply())
			.withTimeout(Duration.ofSeconds(1));
	}

	/** A library's container, moved into 'consumers' with orderly.shutdown.stages.consumers.lifecycles. */
	@Bean
	@ConditionalOnBooleanProperty("test.slow-async-stop")
	SlowStoppingContainer slowContainer() {
		return new SlowStoppingContainer();
	}

	@Bean
	@ConditionalOnBooleanProperty("test.stray-thread")
	StrayPoller strayPoller() {
		return new StrayPoller();
	}

	@Bean
	@ConditionalOnBooleanProperty("test.hanging-hook")
	LibraryHook libraryHook() {
		return new LibraryHook();
	}

	/** A client of a server that takes the request and never answers. */
	static final class ReplyClient {

		private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

		ReplyClient() throws IOException {
		}

		void awaitReply() throws IOException {
			// the connection is accepted by the server's backlog; nothing is ever written to it
			try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.server.getLocalPort());
					InputStream in = socket.getInputStream()) {
				in.read();
			}
		}

	}

	/** A library's container whose stop finishes on a thread of its own, 2 s later. */
	static final class SlowStoppingContainer implements SmartLifecycle {

		private volatile boolean running;

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			this.running = false;
		}

		@Override
		public void stop(Runnable callback) {
			Thread stopper = new Thread(() -> {
				finishInFlightWork();
				this.running = false;
				callback.run();
			}, "container-stopper");
			stopper.setDaemon(true);
			stopper.start();
		}

		private void finishInFlightWork() {
			try {
				Thread.sleep(2000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

	}

	/** A non-daemon thread nobody stops, as a forgotten scheduler or client leaves. */
	static final class StrayPoller {

		StrayPoller() {
			Thread thread = new Thread(StrayPoller::poll, "stray-poller");
			thread.start();
		}

		private static void poll() {
			while (true) {
				try {
					Thread.sleep(200);
				}
				catch (InterruptedException ex) {
					// keeps polling, as careless code does
				}
			}
		}

	}

	/** A library's shutdown hook that waits for something that never comes. */
	static final class LibraryHook {

		LibraryHook() {
			Runtime.getRuntime().addShutdownHook(new Thread(LibraryHook::awaitFlush, "library-shutdown-hook"));
		}

		private static void awaitFlush() {
			try {
				Thread.sleep(60_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}

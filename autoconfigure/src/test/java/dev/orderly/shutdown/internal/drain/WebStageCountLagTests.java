package dev.orderly.shutdown.internal.drain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.testsupport.RecordingListener;
import dev.orderly.shutdown.testsupport.TestWebApplication;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web stage's count trails the server: on Reactor Netty a request leaves it when its
 * exchange ends, just after the server has written the response and found the connection
 * idle, so the graceful shutdown may end while the count still holds it (seen in about one
 * rolling restart in eight). A real application on Reactor Netty, whose one request in
 * flight leaves the real {@link InFlightRequests} some time after the server's graceful
 * shutdown ended: the report calls it answered when it leaves within a moment, cut off when
 * it does not, and never says the stage waited its whole timeout when it did not.
 */
class WebStageCountLagTests {

	private final RecordingListener listener = new RecordingListener();

	@AutoClose
	private ConfigurableApplicationContext context;

	@Test
	void aRequestThatLeavesTheCountJustAfterTheServerFoundNoneActiveIsAnsweredNotCutOff() throws Exception {
		StageReport web = shutDownWithOneRequestLeaving(Duration.ofMillis(50));
		assertThat(web.outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
		assertThat(web.detail()).isEqualTo("1 in flight when accepting stopped; all answered");
		assertThat(web.counts()).containsEntry("requests.in-flight", 1L).containsEntry("requests.cut-off", 0L);
		// a moment, not the 5 s timeout (generous for a loaded machine)
		assertThat(web.duration()).isLessThan(Duration.ofMillis(1500));
	}

	@Test
	void aRequestStillCountedAMomentAfterTheServerEndedItsGracefulShutdownIsCutOffAfterTheTimeThatPassed()
			throws Exception {
		StageReport web = shutDownWithOneRequestLeaving(null);
		// before: "timed_out ... 1 still active after 5 s, cut off", when well under a second had passed
		assertThat(web.outcome()).isEqualTo(ShutdownOutcome.COMPLETED);
		assertThat(web.detail()).matches("1 in flight when accepting stopped; 1 still active when the server's "
				+ "graceful shutdown ended after (\\d+ ms|\\d\\.\\d\\d s), cut off");
		assertThat(web.counts()).containsEntry("requests.in-flight", 1L).containsEntry("requests.cut-off", 1L);
		// the count's moment to catch up (250 ms), not the 5 s timeout
		assertThat(web.duration()).isBetween(Duration.ofMillis(250), Duration.ofMillis(1500));
	}

	/**
	 * Shut the application down with one request counted in flight and no connection open,
	 * so that the server's graceful shutdown ends at once.
	 * @param leavesAfter how long after the graceful shutdown phase the request leaves the
	 * count, or {@code null} for never
	 * @return the web stage's report
	 */
	private StageReport shutDownWithOneRequestLeaving(Duration leavesAfter) throws Exception {
		List<String> properties = new ArrayList<>(ReactiveServer.REACTOR_NETTY.properties());
		properties.addAll(List.of("orderly.shutdown.drain.quiet-period=200ms", "orderly.shutdown.web.timeout=5s",
				"spring.reactor.netty.shutdown-quiet-period=0s"));
		this.context = TestWebApplication.start(new SpringApplicationBuilder(ReactiveDrainTestApplication.class),
				Map.of("recordingListener", this.listener, "lateExchangeEnd",
						new LateExchangeEnd(() -> this.context.getBean(InFlightRequests.class), leavesAfter)),
				properties);
		assertThat(((WebServerApplicationContext) this.context).getWebServer().getClass().getSimpleName())
			.isEqualTo(ReactiveServer.REACTOR_NETTY.webServerType());
		this.context.getBean(InFlightRequests.class).arrived();
		CompletableFuture.runAsync(this.context::close, (task) -> new Thread(task, "test-close").start())
			.get(20, TimeUnit.SECONDS);
		return this.listener.finished.get(10, TimeUnit.SECONDS).stage("web");
	}

	/**
	 * Stops in Spring Boot's graceful shutdown phase, beside the server, and lets the request
	 * leave the count a little later, as the end of a Reactor Netty exchange does.
	 */
	static final class LateExchangeEnd implements SmartLifecycle {

		private final Supplier<InFlightRequests> requests;

		private final Duration leavesAfter;

		private volatile boolean running;

		LateExchangeEnd(Supplier<InFlightRequests> requests, Duration leavesAfter) {
			this.requests = requests;
			this.leavesAfter = leavesAfter;
		}

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			this.running = false;
			if (this.leavesAfter == null) {
				return;
			}
			InFlightRequests requests = this.requests.get();
			Thread leaving = new Thread(() -> {
				try {
					Thread.sleep(this.leavesAfter.toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				requests.finished();
			}, "late-exchange-end");
			leaving.start();
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public int getPhase() {
			return WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE;
		}

	}

}

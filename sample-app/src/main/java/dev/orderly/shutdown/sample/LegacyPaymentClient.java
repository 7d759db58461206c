package dev.orderly.shutdown.sample;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

/**
 * A client from an older library, with "defer-style" cleanup: a {@code @PreDestroy close()}
 * that would normally run untimed, in bean destruction, after everything else. The sample
 * adopts it into the {@code release} stage instead ({@code orderly.shutdown.stages.release.beans}
 * in {@code application.yml}), where it is timed and reported, and still runs once.
 */
@Component
public class LegacyPaymentClient {

	private static final Log logger = LogFactory.getLog(LegacyPaymentClient.class);

	private final AtomicInteger closeCount = new AtomicInteger();

	@PreDestroy
	public void close() throws InterruptedException {
		Thread.sleep(50); // pretend to say goodbye to the payment gateway
		logger.info("Legacy payment client closed its connection pool (close #" + this.closeCount.incrementAndGet()
				+ ")");
	}

	public int closeCount() {
		return this.closeCount.get();
	}

}

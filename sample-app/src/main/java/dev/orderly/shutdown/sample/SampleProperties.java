package dev.orderly.shutdown.sample;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the sample service ({@code sample.*} in {@code application.yml}).
 *
 * @param orders how orders are processed and persisted
 * @param users the actuator's users
 */
@ConfigurationProperties("sample")
public record SampleProperties(@DefaultValue Orders orders, @DefaultValue Users users) {

	/**
	 * How orders are processed and persisted.
	 *
	 * @param batchSize number of confirmed orders that makes the write-behind buffer write
	 * a batch at once
	 * @param flushInterval how often the scheduled job writes whatever is buffered (also
	 * read by the {@code @Scheduled} annotation of {@link ScheduledFlush})
	 * @param maxReportDelay longest delay {@code GET /orders/report?delayMs=} accepts
	 */
	public record Orders(@DefaultValue("50") int batchSize, @DefaultValue("10s") Duration flushInterval,
			@DefaultValue("30s") Duration maxReportDelay) {
	}

	/**
	 * Passwords of the two in-memory users of the actuator (HTTP Basic). The defaults are
	 * for local development only: set {@code SAMPLE_USERS_OPS_PASSWORD} and
	 * {@code SAMPLE_USERS_VIEWER_PASSWORD} anywhere else.
	 *
	 * @param opsPassword password of {@code ops} (role OPS: may shut the service down)
	 * @param viewerPassword password of {@code viewer} (role VIEWER: may read)
	 */
	public record Users(@DefaultValue(DEFAULT_OPS_PASSWORD) String opsPassword,
			@DefaultValue(DEFAULT_VIEWER_PASSWORD) String viewerPassword) {

		static final String DEFAULT_OPS_PASSWORD = "ops-dev-password";

		static final String DEFAULT_VIEWER_PASSWORD = "viewer-dev-password";

	}

}

package com.example.consumer;

import dev.orderly.shutdown.OnShutdown;
import dev.orderly.shutdown.ShutdownContext;

/**
 * Compiles only if the starter brings the auto-configuration jar, and so the API, onto a user's
 * compile classpath.
 */
class OutboxWriter {

	@OnShutdown(stage = "flush", timeout = "5s")
	void flush(ShutdownContext context) {
	}

}

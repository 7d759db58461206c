package dev.orderly.shutdown.internal.drain;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Says once, at startup, that a reactive web application gets the stages but not the
 * servlet traffic drain.
 */
public final class ReactiveDrainNotice implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(ReactiveDrainNotice.class);

	@Override
	public void afterSingletonsInstantiated() {
		logger.info("Orderly shutdown: the traffic drain and in-flight tracking support servlet web applications; "
				+ "in this reactive application they are not active (the stages and Boot's graceful shutdown are)");
	}

}

package dev.orderly.shutdown.report;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs the finished report once, at INFO, as one aligned table.
 *
 * @since 0.1.0
 */
public class ShutdownReportLogger implements ShutdownListener {

	private static final Log logger = LogFactory.getLog(ShutdownReportLogger.class);

	@Override
	public void runFinished(ShutdownReport report) {
		logger.info(ShutdownReportTable.format(report));
	}

}

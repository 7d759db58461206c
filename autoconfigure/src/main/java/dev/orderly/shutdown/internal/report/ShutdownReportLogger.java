package dev.orderly.shutdown.internal.report;

import dev.orderly.shutdown.report.ShutdownListener;
import dev.orderly.shutdown.report.ShutdownReport;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs the finished report once, at INFO, as one aligned table.
 */
public final class ShutdownReportLogger implements ShutdownListener {

	private static final Log logger = LogFactory.getLog(ShutdownReportLogger.class);

	@Override
	public void runFinished(ShutdownReport report) {
		logger.info(ShutdownReportTable.format(report));
	}

}

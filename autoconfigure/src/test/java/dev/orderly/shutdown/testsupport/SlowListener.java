package dev.orderly.shutdown.testsupport;

import java.time.Duration;

import dev.orderly.shutdown.report.ShutdownListener;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.TaskReport;

/**
 * Takes its time to record each finished task, like a listener writing to slow storage or
 * calling a service that hangs. Subclass it to give a listener its own name or order: the
 * starter's warnings name a listener by its class.
 */
public class SlowListener implements ShutdownListener {

	private final Duration delay;

	public SlowListener(Duration delay) {
		this.delay = delay;
	}

	@Override
	public void taskFinished(ShutdownReport report, String stage, TaskReport task) {
		try {
			Thread.sleep(this.delay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

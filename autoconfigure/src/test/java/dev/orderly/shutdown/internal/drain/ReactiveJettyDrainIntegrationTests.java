package dev.orderly.shutdown.internal.drain;

/**
 * The reactive drain on Jetty.
 */
class ReactiveJettyDrainIntegrationTests extends AbstractReactiveDrainIntegrationTests {

	ReactiveJettyDrainIntegrationTests() {
		super(ReactiveServer.JETTY);
	}

}

package dev.orderly.shutdown.internal.drain;

/**
 * The reactive drain on Tomcat.
 */
class ReactiveTomcatDrainIntegrationTests extends AbstractReactiveDrainIntegrationTests {

	ReactiveTomcatDrainIntegrationTests() {
		super(ReactiveServer.TOMCAT);
	}

}

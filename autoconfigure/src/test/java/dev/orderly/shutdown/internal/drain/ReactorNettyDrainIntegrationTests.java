package dev.orderly.shutdown.internal.drain;

/**
 * The reactive drain on Reactor Netty.
 */
class ReactorNettyDrainIntegrationTests extends AbstractReactiveDrainIntegrationTests {

	ReactorNettyDrainIntegrationTests() {
		super(ReactiveServer.REACTOR_NETTY);
	}

}

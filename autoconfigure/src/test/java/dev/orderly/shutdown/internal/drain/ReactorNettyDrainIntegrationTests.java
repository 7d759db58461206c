package dev.orderly.shutdown.internal.drain;

import java.util.ArrayList;
import java.util.List;

/**
 * The reactive drain on Reactor Netty.
 */
class ReactorNettyDrainIntegrationTests extends AbstractReactiveDrainIntegrationTests {

	ReactorNettyDrainIntegrationTests() {
		super(ReactiveServer.REACTOR_NETTY);
	}

	/**
	 * Without the 2 s quiet period in which Reactor Netty's event loops wait for late tasks
	 * when the context destroys them, after every stage: it would fall into the timing bounds
	 * of the shared scenarios, which are about the stages. Spring Boot's devtools sets the
	 * same. The rolling-restart test keeps the default, and its SIGTERM-to-exit time shows it.
	 */
	@Override
	List<String> serverProperties() {
		List<String> properties = new ArrayList<>(super.serverProperties());
		properties.add("spring.reactor.netty.shutdown-quiet-period=0s");
		return properties;
	}

}

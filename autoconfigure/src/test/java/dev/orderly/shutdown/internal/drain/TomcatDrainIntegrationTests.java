package dev.orderly.shutdown.internal.drain;

import java.util.List;

import org.junit.jupiter.api.Test;

class TomcatDrainIntegrationTests extends AbstractServletDrainIntegrationTests {

	@Override
	List<String> serverProperties() {
		return List.of("spring.autoconfigure.exclude="
				+ "org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration");
	}

	@Override
	String webServerType() {
		return "TomcatWebServer";
	}

	@Test
	void whenAcceptingStopsTomcatTellsHttp2ClientsToGoAwayAndStreamsInFlightStillComplete() throws Exception {
		assertHttp2ClientsAreToldToGoAwayAfterTheDrainAndStreamsInFlightComplete();
	}

	@Test
	void steadyTrafficEndsTheDrainSoonAfterTheLastRequest() throws Exception {
		assertSteadyTrafficEndsTheDrainSoonAfterTheLastRequest();
	}

	@Test
	void burstyTrafficLosesNoRequest() throws Exception {
		assertBurstyTrafficLosesNoRequest();
	}

	@Test
	void theBalancersSignalEndsTheDrainAfterTheFloor() throws Exception {
		assertTheBalancersSignalEndsTheDrainAfterTheFloor();
	}

}

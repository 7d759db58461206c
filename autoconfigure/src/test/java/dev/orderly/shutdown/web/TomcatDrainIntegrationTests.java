package dev.orderly.shutdown.web;

class TomcatDrainIntegrationTests extends AbstractDrainIntegrationTests {

	@Override
	String otherServerAutoConfiguration() {
		return "org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration";
	}

	@Override
	String webServerType() {
		return "TomcatWebServer";
	}

}

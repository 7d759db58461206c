package dev.orderly.shutdown.internal.drain;

class JettyDrainIntegrationTests extends AbstractDrainIntegrationTests {

	@Override
	String otherServerAutoConfiguration() {
		return "org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration";
	}

	@Override
	String webServerType() {
		return "JettyServletWebServer";
	}

}

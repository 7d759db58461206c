package dev.orderly.shutdown.internal.drain;

import java.util.List;

class JettyDrainIntegrationTests extends AbstractServletDrainIntegrationTests {

	@Override
	List<String> serverProperties() {
		return List.of("spring.autoconfigure.exclude="
				+ "org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration");
	}

	@Override
	String webServerType() {
		return "JettyServletWebServer";
	}

}

package dev.orderly.shutdown.autoconfigure;

import dev.orderly.shutdown.engine.ShutdownEngine;
import dev.orderly.shutdown.web.ReactiveDrainNotice;
import dev.orderly.shutdown.web.WebStageObserver;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Reactive web applications get the web stage (Spring Boot's graceful shutdown, bounded and
 * reported) and the application stages, and one startup line saying the servlet drain is
 * not active.
 */
@Configuration(proxyBeanMethods = false)
@Import(WebStageConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
class ReactiveDrainConfiguration {

	@Bean
	ReactiveDrainNotice orderlyShutdownReactiveDrainNotice() {
		return new ReactiveDrainNotice();
	}

	@Bean
	WebStageObserver orderlyShutdownWebStageObserver(ShutdownEngine engine) {
		return new WebStageObserver(engine, null);
	}

}

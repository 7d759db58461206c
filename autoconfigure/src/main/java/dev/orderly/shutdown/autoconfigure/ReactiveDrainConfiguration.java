package dev.orderly.shutdown.autoconfigure;

import dev.orderly.shutdown.engine.ShutdownEngine;
import dev.orderly.shutdown.web.ReactiveDrainNotice;
import dev.orderly.shutdown.web.WebStageObserver;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Reactive web applications get the web stage (Spring Boot's graceful shutdown, bounded and
 * reported) and the application stages, and one startup line saying the servlet drain is
 * not active.
 */
@Configuration(proxyBeanMethods = false)
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

	@Bean
	SmartLifecycle orderlyShutdownWebStageStart(WebStageObserver observer) {
		return observer.beforeGracefulShutdown();
	}

	@Bean
	SmartLifecycle orderlyShutdownWebStageEnd(WebStageObserver observer) {
		return observer.afterGracefulShutdown();
	}

}

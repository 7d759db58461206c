package dev.orderly.shutdown.autoconfigure;

import dev.orderly.shutdown.web.ReactiveDrainNotice;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Reactive web applications get the stages, and one startup line saying the servlet drain
 * is not active.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
class ReactiveDrainConfiguration {

	@Bean
	ReactiveDrainNotice orderlyShutdownReactiveDrainNotice() {
		return new ReactiveDrainNotice();
	}

}

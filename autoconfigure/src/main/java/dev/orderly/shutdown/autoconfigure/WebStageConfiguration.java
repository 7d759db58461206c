package dev.orderly.shutdown.autoconfigure;

import dev.orderly.shutdown.internal.drain.GracefulShutdownStage;

import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The two lifecycle hooks around Spring Boot's graceful shutdown phase that record the web
 * stage; imported by {@link DrainConfiguration}, which provides the stage.
 */
@Configuration(proxyBeanMethods = false)
class WebStageConfiguration {

	@Bean
	static LazyInitializationExcludeFilter orderlyShutdownWebStageLazyInitializationExcludeFilter() {
		return LazyInitializationExcludeFilter.forBeanTypes(GracefulShutdownStage.class);
	}

	@Bean
	SmartLifecycle orderlyShutdownWebStageStart(GracefulShutdownStage stage) {
		return stage.beforeGracefulShutdown();
	}

	@Bean
	SmartLifecycle orderlyShutdownWebStageEnd(GracefulShutdownStage stage) {
		return stage.afterGracefulShutdown();
	}

}

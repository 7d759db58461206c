package dev.orderly.shutdown.autoconfigure;

import dev.orderly.shutdown.internal.drain.GracefulShutdownStage;
import dev.orderly.shutdown.internal.drain.ReactiveDrainNotice;
import dev.orderly.shutdown.internal.engine.ShutdownEngine;
import dev.orderly.shutdown.internal.plan.StagePlan;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Reactive web applications get the web stage (Spring Boot's graceful shutdown, bounded and
 * reported) and the application stages, but no drain, and one startup line saying so.
 */
@Configuration(proxyBeanMethods = false)
@Import(WebStageConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
class ReactiveWebStageConfiguration {

	@Bean
	WebStack orderlyShutdownWebStack() {
		return WebStack.REACTIVE;
	}

	@Bean
	ReactiveDrainNotice orderlyShutdownReactiveDrainNotice() {
		return new ReactiveDrainNotice();
	}

	@Bean
	GracefulShutdownStage orderlyShutdownGracefulShutdownStage(ShutdownEngine engine) {
		return new GracefulShutdownStage(engine.stageRecorder(),
				(StagePlan.Web) engine.plan().stage(StagePlan.WEB).orElseThrow(), null);
	}

}

package dev.orderly.shutdown.internal.actuate.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.push.PushMeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ApplicationEventMulticaster;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

/**
 * Makes the {@link ContextClosedEvent} listeners that one configuration class declares hear
 * that event when {@link #deliver()} is called, instead of when the context starts closing.
 * <p>
 * Used for Spring Boot's meter registry closer, declared by its public
 * {@code MetricsAutoConfiguration}: it closes every meter registry on
 * {@code ContextClosedEvent}, before any lifecycle phase, so a push registry (OTLP,
 * Datadog, ...) would make its final publish before the stages have recorded anything. Its
 * bean is kept exactly as Spring Boot declares it (Boot 4.0.8+ injects it into every
 * registry's set-up); once the singletons exist it is only taken out of the context's
 * listeners, through the public API ({@link ConfigurableApplicationContext#removeApplicationListener}
 * for the instance, {@link ApplicationEventMulticaster} for its bean name), and handed the
 * same event right after the shutdown's report. The listeners are found by the type of event they
 * take and the class that declares them, never by bean name. If the context closes without a
 * shutdown run, they hear the event when this bean is destroyed.
 */
public class DeferredContextClosedListeners
		implements SmartInitializingSingleton, ApplicationListener<ContextClosedEvent>, DisposableBean {

	private static final Log logger = LogFactory.getLog(DeferredContextClosedListeners.class);

	private static final ResolvableType CONTEXT_CLOSED_LISTENER = ResolvableType
		.forClassWithGenerics(ApplicationListener.class, ContextClosedEvent.class);

	private final ConfigurableApplicationContext context;

	private final ConfigurableListableBeanFactory beanFactory;

	private final Class<?> declaringConfiguration;

	private final List<ApplicationListener<ContextClosedEvent>> deferred = new ArrayList<>();

	private volatile @Nullable ContextClosedEvent closedEvent;

	/**
	 * Create an instance.
	 * @param context the application context whose event delivery is changed
	 * @param beanFactory its bean factory
	 * @param declaringConfiguration the configuration class whose {@code ContextClosedEvent}
	 * listeners are deferred
	 */
	public DeferredContextClosedListeners(ConfigurableApplicationContext context,
			ConfigurableListableBeanFactory beanFactory,
			Class<?> declaringConfiguration) {
		this.context = context;
		this.beanFactory = beanFactory;
		this.declaringConfiguration = declaringConfiguration;
	}

	@Override
	@SuppressWarnings("unchecked")
	public void afterSingletonsInstantiated() {
		Map<String, ApplicationListener<ContextClosedEvent>> listeners = new LinkedHashMap<>();
		for (String name : this.beanFactory.getBeanNamesForType(CONTEXT_CLOSED_LISTENER, true, false)) {
			if (isDeclaredByConfiguration(name)) {
				// created now if lazy, so that the context has registered the instance
				listeners.put(name, this.beanFactory.getBean(name, ApplicationListener.class));
			}
		}
		if (listeners.isEmpty()) {
			warnNothingToDefer();
			return;
		}
		// the instances: from the context's own list as well as from its event delivery
		listeners.values().forEach(this.context::removeApplicationListener);
		ApplicationEventMulticaster multicaster = this.beanFactory.getBean(
				AbstractApplicationContext.APPLICATION_EVENT_MULTICASTER_BEAN_NAME, ApplicationEventMulticaster.class);
		// the bean names, which the multicaster resolves at each event
		multicaster.removeApplicationListenerBeans(listeners::containsKey);
		synchronized (this.deferred) {
			this.deferred.addAll(listeners.values());
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Deferring ContextClosedEvent for " + listeners.keySet() + " until the shutdown is reported");
		}
	}

	/**
	 * A Spring Boot upgrade may close registries differently; then a push registry would lose
	 * the shutdown's meters without a word, so say it, unless no registry pushes.
	 */
	private void warnNothingToDefer() {
		String message = this.declaringConfiguration.getName() + " declares no ContextClosedEvent listener to defer; "
				+ "meter registries close when Spring Boot closes them, and a push registry may then "
				+ "not export what the shutdown stages recorded";
		if (this.beanFactory.getBeanNamesForType(PushMeterRegistry.class, true, false).length > 0) {
			logger.warn(message);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(message);
		}
	}

	private boolean isDeclaredByConfiguration(String name) {
		if (!this.beanFactory.containsBeanDefinition(name)) {
			return false;
		}
		BeanDefinition definition = this.beanFactory.getMergedBeanDefinition(name);
		String factoryBean = definition.getFactoryBeanName();
		Class<?> factoryType = (factoryBean != null) ? this.beanFactory.getType(factoryBean, false) : null;
		return factoryType != null && this.declaringConfiguration.isAssignableFrom(ClassUtils.getUserClass(factoryType));
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		if (event.getApplicationContext() == this.context) {
			this.closedEvent = event;
		}
	}

	/**
	 * Hand the context's {@link ContextClosedEvent} to the deferred listeners, once.
	 */
	public void deliver() {
		List<ApplicationListener<ContextClosedEvent>> listeners;
		synchronized (this.deferred) {
			listeners = List.copyOf(this.deferred);
			this.deferred.clear();
		}
		ContextClosedEvent event = this.closedEvent;
		if (event == null) {
			event = new ContextClosedEvent(this.context);
		}
		for (ApplicationListener<ContextClosedEvent> listener : listeners) {
			try {
				listener.onApplicationEvent(event);
			}
			catch (RuntimeException ex) {
				logger.warn("ContextClosedEvent listener " + listener + " failed", ex);
			}
		}
	}

	@Override
	public void destroy() {
		deliver();
	}

}

package dev.orderly.shutdown.actuate.metrics;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;

/**
 * Removes Spring Boot's {@code meterRegistryCloser}, which closes every meter registry as
 * soon as the context starts closing, before any stage has run; the registries are closed
 * after the stages by {@link MeterRegistriesCloser} instead.
 *
 * @since 0.1.0
 */
public class EarlyMeterRegistryCloserRemoval implements BeanDefinitionRegistryPostProcessor {

	static final String BEAN_NAME = "meterRegistryCloser";

	private static final String DECLARED_BY = "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration";

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		if (registry.containsBeanDefinition(BEAN_NAME)) {
			BeanDefinition definition = registry.getBeanDefinition(BEAN_NAME);
			if (BEAN_NAME.equals(definition.getFactoryMethodName())
					&& DECLARED_BY.equals(factoryClassName(registry, definition))) {
				registry.removeBeanDefinition(BEAN_NAME);
			}
		}
	}

	private static String factoryClassName(BeanDefinitionRegistry registry, BeanDefinition definition) {
		String factoryBean = definition.getFactoryBeanName();
		if (factoryBean != null && registry.containsBeanDefinition(factoryBean)) {
			return registry.getBeanDefinition(factoryBean).getBeanClassName();
		}
		return definition.getBeanClassName();
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
	}

}

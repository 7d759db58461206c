package dev.orderly.shutdown.internal.cleanup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.InitDestroyAnnotationBeanPostProcessor;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.AbstractBeanFactory;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Finds the "defer-style" cleanup that Spring runs in bean destruction: destroy methods,
 * {@code DisposableBean}, an inferred {@code close()}/{@code shutdown()}, and
 * {@code @PreDestroy}. It follows the rules of Spring's {@code DisposableBeanAdapter}
 * through public API only.
 */
public class BeanCleanupInspector {

	private final ConfigurableListableBeanFactory beanFactory;

	public BeanCleanupInspector(ConfigurableListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	/**
	 * Describe the cleanup of an instantiated singleton.
	 * @param beanName the bean name
	 * @return its cleanup, or empty if the bean is not instantiated or has none
	 */
	public Optional<BeanCleanup> inspect(String beanName) {
		Object bean = this.beanFactory.getSingleton(beanName);
		if (bean == null || !this.beanFactory.containsBeanDefinition(beanName)) {
			return Optional.empty();
		}
		List<String> callbacks = callbacks(bean, this.beanFactory.getMergedBeanDefinition(beanName));
		return callbacks.isEmpty() ? Optional.empty()
				: Optional.of(new BeanCleanup(beanName, ClassUtils.getUserClass(bean).getName(), callbacks));
	}

	/**
	 * The application beans whose cleanup still runs untimed in bean destruction.
	 * @param excluded bean names to leave out (adopted beans and their dependents)
	 * @return the beans, in registration order
	 */
	public List<BeanCleanup> untimed(Collection<String> excluded) {
		List<BeanCleanup> cleanups = new ArrayList<>();
		for (String name : this.beanFactory.getSingletonNames()) {
			if (!excluded.contains(name) && isApplicationBean(name)) {
				inspect(name).ifPresent(cleanups::add);
			}
		}
		return cleanups;
	}

	/**
	 * The beans Spring destroys first when the given bean is destroyed: every bean that
	 * depends on it, directly or not.
	 * @param beanName the bean name
	 * @return the dependent bean names
	 */
	public Set<String> dependents(String beanName) {
		Set<String> dependents = new LinkedHashSet<>();
		collectDependents(beanName, dependents);
		return dependents;
	}

	private void collectDependents(String beanName, Set<String> dependents) {
		for (String dependent : this.beanFactory.getDependentBeans(beanName)) {
			if (dependents.add(dependent)) {
				collectDependents(dependent, dependents);
			}
		}
	}

	/**
	 * A bean of the application's own: Spring's and Spring Boot's infrastructure (their own
	 * classes, or beans declared by their configuration classes) manage their shutdown
	 * through lifecycle phases and are left out.
	 */
	private boolean isApplicationBean(String name) {
		if (!this.beanFactory.containsBeanDefinition(name)) {
			return false;
		}
		BeanDefinition definition = this.beanFactory.getMergedBeanDefinition(name);
		if (definition.getRole() != BeanDefinition.ROLE_APPLICATION) {
			return false;
		}
		Class<?> type = this.beanFactory.getType(name, false);
		String factoryBean = definition.getFactoryBeanName();
		Class<?> declaredBy = (factoryBean != null) ? this.beanFactory.getType(factoryBean, false) : null;
		return !isSpring(type) && !isSpring(declaredBy);
	}

	private static boolean isSpring(@Nullable Class<?> type) {
		return type != null && ClassUtils.getUserClass(type).getName().startsWith("org.springframework.");
	}

	private List<String> callbacks(Object bean, BeanDefinition definition) {
		List<String> callbacks = new ArrayList<>();
		if (hasPreDestroy(bean)) {
			callbacks.add("@PreDestroy");
		}
		if (bean instanceof DisposableBean) {
			callbacks.add("DisposableBean.destroy()");
		}
		// an empty name (@Bean(destroyMethod = "")) switches cleanup off
		String[] destroyMethods = (definition instanceof AbstractBeanDefinition abstractDefinition
				&& abstractDefinition.getDestroyMethodNames() != null)
						? Arrays.stream(abstractDefinition.getDestroyMethodNames())
							.filter(StringUtils::hasLength)
							.toArray(String[]::new)
						: null;
		boolean infer = (destroyMethods == null)
				? (bean instanceof AutoCloseable || bean instanceof ExecutorService)
				: Arrays.asList(destroyMethods).contains(AbstractBeanDefinition.INFER_METHOD);
		if (destroyMethods != null && !infer) {
			Arrays.stream(destroyMethods).map((method) -> "destroy method " + method + "()").forEach(callbacks::add);
		}
		else if (infer && !(bean instanceof DisposableBean)) {
			inferredMethod(bean).ifPresent((method) -> callbacks.add(method + "() (inferred)"));
		}
		return callbacks;
	}

	private boolean hasPreDestroy(Object bean) {
		if (this.beanFactory instanceof AbstractBeanFactory abstractBeanFactory) {
			for (BeanPostProcessor processor : abstractBeanFactory.getBeanPostProcessors()) {
				if (processor instanceof InitDestroyAnnotationBeanPostProcessor annotations
						&& annotations.requiresDestruction(bean)) {
					return true;
				}
			}
		}
		return false;
	}

	private static Optional<String> inferredMethod(Object bean) {
		if (bean instanceof AutoCloseable) {
			return Optional.of("close");
		}
		if (bean instanceof ExecutorService) {
			return Optional.of("shutdown");
		}
		for (String candidate : List.of("close", "shutdown")) {
			if (ClassUtils.hasMethod(bean.getClass(), candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

}

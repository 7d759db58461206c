package dev.orderly.shutdown.engine;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.orderly.shutdown.OnShutdown;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;

/**
 * Finds {@link OnShutdown} methods on beans as they are created. Validation happens later,
 * all at once, in {@link ShutdownTaskCollector}.
 *
 * @since 0.1.0
 */
public final class OnShutdownMethodCollector implements BeanPostProcessor {

	private final List<AnnotatedMethod> methods = new CopyOnWriteArrayList<>();

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		Class<?> target = AopUtils.getTargetClass(bean);
		if (AnnotationUtils.isCandidateClass(target, OnShutdown.class)) {
			Map<Method, OnShutdown> annotated = MethodIntrospector.selectMethods(target,
					(MethodIntrospector.MetadataLookup<OnShutdown>) (method) -> AnnotatedElementUtils
						.findMergedAnnotation(method, OnShutdown.class));
			annotated.forEach((method, annotation) -> this.methods
				.add(new AnnotatedMethod(beanName, bean, target, method, annotation)));
		}
		return bean;
	}

	List<AnnotatedMethod> methods() {
		return List.copyOf(this.methods);
	}

	/**
	 * A bean method annotated with {@link OnShutdown}.
	 */
	record AnnotatedMethod(String beanName, Object bean, Class<?> targetClass, Method method, OnShutdown annotation) {

		String describe() {
			return "@OnShutdown method " + this.targetClass.getName() + "." + this.method.getName() + "()";
		}

	}

}

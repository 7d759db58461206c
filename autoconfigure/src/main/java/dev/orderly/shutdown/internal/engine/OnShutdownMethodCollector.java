package dev.orderly.shutdown.internal.engine;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import dev.orderly.shutdown.OnShutdown;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;

/**
 * Finds {@link OnShutdown} methods on beans as they are created. Those of beans created at
 * startup are validated all at once in {@link ShutdownTaskCollector}; those of beans
 * created later ({@code @Lazy} beans, {@code spring.main.lazy-initialization}) are handed to
 * it as they appear.
 */
public final class OnShutdownMethodCollector implements BeanPostProcessor {

	private final List<AnnotatedMethod> methods = new ArrayList<>();

	private @Nullable Consumer<AnnotatedMethod> later;

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		Class<?> target = AopUtils.getTargetClass(bean);
		annotatedMethods(target).forEach((method, annotation) -> found(new AnnotatedMethod(beanName, bean, target,
				method, annotation)));
		return bean;
	}

	private synchronized void found(AnnotatedMethod method) {
		if (this.later != null) {
			this.later.accept(method);
		}
		else {
			this.methods.add(method);
		}
	}

	synchronized List<AnnotatedMethod> methods() {
		return List.copyOf(this.methods);
	}

	/**
	 * Hand every method found from now on, and those found since {@link #methods()} was
	 * read, to the given consumer.
	 * @param seen how many methods {@link #methods()} returned
	 * @param consumer what takes the methods of beans created later
	 */
	synchronized void handLaterMethodsTo(int seen, Consumer<AnnotatedMethod> consumer) {
		this.methods.subList(seen, this.methods.size()).forEach(consumer);
		this.methods.clear();
		this.later = consumer;
	}

	/**
	 * The {@link OnShutdown} methods a class declares or inherits.
	 * @param type the class
	 * @return the methods and their annotations
	 */
	static Map<Method, OnShutdown> annotatedMethods(Class<?> type) {
		if (!AnnotationUtils.isCandidateClass(type, OnShutdown.class) || isSpringClass(type)
				|| !declaresAnnotatedMethod(type)) {
			return Map.of();
		}
		return MethodIntrospector.selectMethods(type, (MethodIntrospector.MetadataLookup<OnShutdown>) (
				method) -> AnnotatedElementUtils.findMergedAnnotation(method, OnShutdown.class));
	}

	/**
	 * Spring's and Spring Boot's own classes, most of an application's beans, cannot declare
	 * this starter's annotation. (Spring's {@code EventListenerMethodProcessor} leaves them
	 * out of its search the same way.)
	 */
	private static boolean isSpringClass(Class<?> type) {
		return type.getName().startsWith("org.springframework.");
	}

	/**
	 * Whether a method declared by the class, a superclass or any interface they implement
	 * (with the interfaces those extend) carries {@link OnShutdown}: only such a method can
	 * make the search of the hierarchy above find one. ({@code @OnShutdown} targets methods
	 * only, so it cannot be a meta-annotation.) Looking at each method's own annotations
	 * costs a fraction of that search, which runs for every bean at startup and almost never
	 * finds anything.
	 */
	private static boolean declaresAnnotatedMethod(Class<?> type) {
		Set<Class<?>> types = new LinkedHashSet<>();
		for (Class<?> current = type; current != null && current != Object.class; current = current
			.getSuperclass()) {
			addWithInterfaces(current, types);
		}
		for (Class<?> declaring : types) {
			for (Method method : declaring.getDeclaredMethods()) {
				if (method.isAnnotationPresent(OnShutdown.class)) {
					return true;
				}
			}
		}
		return false;
	}

	/** The type and, recursively, every interface it extends or implements. */
	private static void addWithInterfaces(Class<?> type, Set<Class<?>> types) {
		if (types.add(type)) {
			for (Class<?> implemented : type.getInterfaces()) {
				addWithInterfaces(implemented, types);
			}
		}
	}

	/**
	 * A bean method annotated with {@link OnShutdown}.
	 */
	record AnnotatedMethod(String beanName, Object bean, Class<?> targetClass, Method method, OnShutdown annotation) {

		String describe() {
			return describe(this.targetClass, this.method);
		}

		static String describe(Class<?> targetClass, Method method) {
			return "@OnShutdown method " + targetClass.getName() + "." + method.getName() + "()";
		}

	}

}

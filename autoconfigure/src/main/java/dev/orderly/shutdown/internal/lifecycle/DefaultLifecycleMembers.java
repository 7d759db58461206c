package dev.orderly.shutdown.internal.lifecycle;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.context.Lifecycle;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.scheduling.annotation.ScheduledAnnotationBeanPostProcessor;

/**
 * The lifecycle beans the starter moves into a stage unless told otherwise: message listener
 * containers, found by type, to stop after the web stage; Spring Boot's application task
 * executor and task scheduler, found by the names Boot and Spring publish, to finish their
 * tasks after the containers that hand them work.
 *
 * @param listenerContainers the listener containers and endpoint registries
 * @param executors the application task executor and task scheduler
 */
public record DefaultLifecycleMembers(List<String> listenerContainers, List<String> executors) {

	private static final Log logger = LogFactory.getLog(DefaultLifecycleMembers.class);

	/** No defaults. */
	public static final DefaultLifecycleMembers NONE = new DefaultLifecycleMembers(List.of(), List.of());

	public DefaultLifecycleMembers {
		listenerContainers = List.copyOf(listenerContainers);
		executors = List.copyOf(executors);
	}

	/**
	 * Find the default members among the bean definitions, without creating any bean.
	 * @param beanFactory the bean factory
	 * @param listenerContainers whether to look for listener containers
	 * @param executors whether to look for the application task executor and scheduler
	 * @return the defaults; none when the application defines its own lifecycle processor,
	 * which cannot hold a container's stop back
	 */
	public static DefaultLifecycleMembers find(ConfigurableListableBeanFactory beanFactory,
			boolean listenerContainers, boolean executors) {
		if (!listenerContainers && !executors) {
			return NONE;
		}
		if (!LifecycleMembers.processorHoldsBack(beanFactory)) {
			logger.info("The application defines its own " + AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME
					+ " bean: message listener containers and executors stop at their own phases, not in the "
					+ "stages 'consumers' and 'flush'");
			return NONE;
		}
		Set<String> containers = new LinkedHashSet<>();
		if (listenerContainers) {
			for (Class<?> type : MemberKind.listenerContainerTypes(beanFactory.getBeanClassLoader())) {
				containers.addAll(List.of(beanFactory.getBeanNamesForType(type, false, false)));
			}
		}
		List<String> pools = new ArrayList<>();
		if (executors) {
			for (String name : List.of(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME,
					ScheduledAnnotationBeanPostProcessor.DEFAULT_TASK_SCHEDULER_BEAN_NAME)) {
				Class<?> type = beanFactory.containsBean(name) ? beanFactory.getType(name, false) : null;
				if (type != null && Lifecycle.class.isAssignableFrom(type)) {
					pools.add(name);
				}
			}
		}
		return new DefaultLifecycleMembers(new ArrayList<>(containers), pools);
	}

}

package dev.orderly.shutdown.internal.lifecycle;

import java.util.List;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.ClassUtils;

/**
 * What a lifecycle member is to the shutdown: a message listener container takes work in, an
 * executor or scheduler runs the work handed to it. A container must stop before the
 * executors it feeds, which finish what it handed them.
 */
enum MemberKind {

	/** A message listener container or endpoint registry of Spring Kafka, Spring AMQP or JMS. */
	LISTENER_CONTAINER,

	/** A task executor or scheduler. */
	EXECUTOR,

	/** Any other lifecycle bean. */
	OTHER;

	/**
	 * The listener containers and their endpoint registries (which stop the containers they
	 * created, not beans themselves), by name: each library is optional.
	 */
	private static final List<String> LISTENER_CONTAINER_TYPES = List.of(
			"org.springframework.kafka.config.KafkaListenerEndpointRegistry",
			"org.springframework.kafka.listener.MessageListenerContainer",
			"org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry",
			"org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer",
			"org.springframework.jms.config.JmsListenerEndpointRegistry",
			"org.springframework.jms.listener.AbstractJmsListeningContainer");

	/**
	 * The listener container types on the class path.
	 * @param classLoader the application's class loader
	 * @return the types present
	 */
	static List<Class<?>> listenerContainerTypes(@Nullable ClassLoader classLoader) {
		return LISTENER_CONTAINER_TYPES.stream()
			.filter((name) -> ClassUtils.isPresent(name, classLoader))
			.<Class<?>>map((name) -> ClassUtils.resolveClassName(name, classLoader))
			.toList();
	}

	/**
	 * The kind of a bean type.
	 * @param type the bean type, {@code null} if unknown
	 * @param classLoader the application's class loader
	 * @return the kind
	 */
	static MemberKind of(@Nullable Class<?> type, @Nullable ClassLoader classLoader) {
		if (type == null) {
			return OTHER;
		}
		if (listenerContainerTypes(classLoader).stream().anyMatch((container) -> container.isAssignableFrom(type))) {
			return LISTENER_CONTAINER;
		}
		if (Executor.class.isAssignableFrom(type) || TaskScheduler.class.isAssignableFrom(type)) {
			return EXECUTOR;
		}
		return OTHER;
	}

}

package dev.orderly.shutdown.internal.cleanup;

import java.util.List;

/**
 * A bean whose cleanup runs in bean destruction: untimed, after every stage.
 *
 * @param beanName the bean name
 * @param type the bean's class name
 * @param callbacks its cleanup callbacks, for example {@code @PreDestroy} or
 * {@code close() (inferred)}
 */
public record BeanCleanup(String beanName, String type, List<String> callbacks) {

	public BeanCleanup {
		callbacks = List.copyOf(callbacks);
	}

	@Override
	public String toString() {
		return this.beanName + " (" + String.join(", ", this.callbacks) + ")";
	}

}

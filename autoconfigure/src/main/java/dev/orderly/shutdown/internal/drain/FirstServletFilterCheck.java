package dev.orderly.shutdown.internal.drain;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.web.servlet.AbstractFilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.boot.web.servlet.ServletContextInitializerBeans;

/**
 * Warns once, at startup, when another servlet filter runs before the in-flight filter: a
 * request that filter answers alone (a rejected login, a rate limit) is not counted, so the
 * drain may end while such requests still arrive. Applications that do this keep working;
 * the warning names the filter to move after {@code Ordered.HIGHEST_PRECEDENCE}.
 */
public final class FirstServletFilterCheck implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(FirstServletFilterCheck.class);

	private final ListableBeanFactory beanFactory;

	/**
	 * Create the check.
	 * @param beanFactory the factory whose filters the web server registered
	 */
	public FirstServletFilterCheck(ListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		// the same ordered view of the filters that Spring Boot registered with the server
		for (ServletContextInitializer initializer : new ServletContextInitializerBeans(this.beanFactory)) {
			if (initializer instanceof AbstractFilterRegistrationBean<?> registration) {
				if (registration.getFilter() instanceof InFlightRequestFilter) {
					return;
				}
				logger.warn("Orderly shutdown: the servlet filter '" + registration.getFilterName()
						+ "' runs before the drain's in-flight filter, so requests it answers alone are not counted "
						+ "and the drain may end while they still arrive; give it an order after "
						+ "Ordered.HIGHEST_PRECEDENCE");
				return;
			}
		}
	}

}

package dev.orderly.shutdown.internal.lifecycle;

import java.util.Map;

import org.springframework.context.Lifecycle;
import org.springframework.context.support.DefaultLifecycleProcessor;

/**
 * Spring's lifecycle processor, except that during a shutdown run it leaves out the
 * lifecycle beans that a stage stops: Spring neither stops them at their own phase (a
 * listener container at {@code Integer.MAX_VALUE - 100} would stop before the web stage) nor
 * stops them again after their stage. Spring's rule that a bean's dependents stop first
 * finds them already gone and skips them.
 * <p>
 * Start-up, {@code context.stop()} and a restart outside a run see every bean, as with
 * Spring's own processor. Registered under
 * {@code AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME} in place of Spring Boot's,
 * with the same {@code spring.lifecycle.timeout-per-shutdown-phase}.
 */
public class StagedLifecycleProcessor extends DefaultLifecycleProcessor {

	private final LifecycleMembers members;

	/**
	 * Create a processor.
	 * @param members the lifecycle beans the stages stop
	 */
	public StagedLifecycleProcessor(LifecycleMembers members) {
		this.members = members;
	}

	@Override
	protected Map<String, Lifecycle> getLifecycleBeans() {
		Map<String, Lifecycle> beans = super.getLifecycleBeans();
		beans.keySet().removeAll(this.members.stoppedByStagesNow());
		return beans;
	}

}

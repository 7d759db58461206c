package dev.orderly.shutdown.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when {@code orderly.shutdown.report.file} is set to a path. Unlike
 * {@code @ConditionalOnProperty}, an empty value does not match: set empty (as
 * {@code ORDERLY_SHUTDOWN_REPORT_FILE=} does, to switch off a file set in
 * {@code application.yml}) it means no file, as unset does.
 */
class OnReportFileCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		String file = context.getEnvironment().getProperty(PropertyNames.REPORT_FILE);
		return StringUtils.hasText(file) ? ConditionOutcome.match(PropertyNames.REPORT_FILE + " is " + file)
				: ConditionOutcome.noMatch(PropertyNames.REPORT_FILE + " is unset or empty");
	}

}

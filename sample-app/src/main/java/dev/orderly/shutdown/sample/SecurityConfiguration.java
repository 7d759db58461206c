package dev.orderly.shutdown.sample;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Who may do what, over HTTP Basic.
 * <ul>
 * <li>Health, including the liveness and readiness probes: everyone (load balancers and
 * the kubelet do not log in).</li>
 * <li>{@code POST /actuator/shutdown}: role {@code OPS} only (user {@code ops}).</li>
 * <li>Every other actuator endpoint ({@code shutdownstages}, {@code prometheus}, ...): any
 * authenticated user ({@code ops} or {@code viewer}).</li>
 * <li>The order API ({@code /orders/**}): open, as befits a sample.</li>
 * </ul>
 * The actuator runs on its own port ({@code management.server.port}); Spring Boot's
 * {@link EndpointRequest} matchers then match only requests to that port, so a path such as
 * {@code /actuator/shutdown} on the application port is not an endpoint at all.
 * <p>
 * CSRF protection is for browsers that send cookies by themselves. It is turned off for the
 * actuator endpoints, as Spring Boot's documentation describes for endpoints called by
 * tools, and for the JSON order API, which has no session and no cookie to forge a request
 * with (sessions are stateless here). It stays on for anything else.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final Log logger = LogFactory.getLog(SecurityConfiguration.class);

	static final String OPS = "OPS";

	static final String VIEWER = "VIEWER";

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		PathPatternRequestMatcher orderApi = PathPatternRequestMatcher.withDefaults().matcher("/orders/**");
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
			.requestMatchers(EndpointRequest.to("shutdown")).hasRole(OPS)
			.requestMatchers(EndpointRequest.toAnyEndpoint()).authenticated()
			.requestMatchers(orderApi).permitAll()
			.anyRequest().permitAll());
		http.httpBasic(Customizer.withDefaults());
		http.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		http.csrf((csrf) -> csrf.ignoringRequestMatchers(EndpointRequest.toAnyEndpoint(), orderApi));
		return http.build();
	}

	@Bean
	InMemoryUserDetailsManager users(SampleProperties properties) {
		PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
		SampleProperties.Users users = properties.users();
		if (SampleProperties.Users.DEFAULT_OPS_PASSWORD.equals(users.opsPassword())
				|| SampleProperties.Users.DEFAULT_VIEWER_PASSWORD.equals(users.viewerPassword())) {
			logger.warn("The actuator users have their development passwords; set SAMPLE_USERS_OPS_PASSWORD and "
					+ "SAMPLE_USERS_VIEWER_PASSWORD outside local development");
		}
		return new InMemoryUserDetailsManager(
				User.withUsername("ops").password(encoder.encode(users.opsPassword())).roles(OPS).build(),
				User.withUsername("viewer").password(encoder.encode(users.viewerPassword())).roles(VIEWER).build());
	}

}

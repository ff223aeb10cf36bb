package org.aistudio.host.management;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.inject.ExecutableMethod;
import io.micronaut.management.endpoint.EndpointSensitivityProcessor;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.management.health.indicator.HealthCheckType;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRuleResult;
import io.micronaut.security.rules.SensitiveEndpointRule;
import jakarta.inject.Singleton;
import java.util.Arrays;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Every management endpoint needs a token with the {@code admin} role (401 without a token, 403
 * with another role), whatever its {@code sensitive} setting; only {@code /health/liveness} and
 * {@code /health/readiness} are open, for the orchestrator's probes. They show a status only:
 * health details are for authenticated callers.
 */
@Singleton
@Replaces(SensitiveEndpointRule.class)
public class ManagementSecurityRule extends SensitiveEndpointRule {

    public static final String ADMIN_ROLE = "admin";

    public ManagementSecurityRule(EndpointSensitivityProcessor endpointSensitivityProcessor) {
        super(endpointSensitivityProcessor);
    }

    @Override
    protected Publisher<SecurityRuleResult> check(HttpRequest<?> request, Authentication authentication,
                                                  ExecutableMethod<?, ?> method) {
        if (isProbe(method)) {
            return Mono.just(SecurityRuleResult.ALLOWED);
        }
        if (authentication == null) {
            return Mono.just(SecurityRuleResult.REJECTED);
        }
        return Mono.just(authentication.getRoles().contains(ADMIN_ROLE)
                ? SecurityRuleResult.ALLOWED : SecurityRuleResult.REJECTED);
    }

    /** The health endpoint's selector method: {@code /health/liveness} and {@code /health/readiness}. */
    private static boolean isProbe(ExecutableMethod<?, ?> method) {
        return HealthEndpoint.class.isAssignableFrom(method.getDeclaringType())
                && Arrays.asList(method.getArgumentTypes()).contains(HealthCheckType.class);
    }
}

package org.aistudio.host.security;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecuredAnnotationRule;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.rules.SecurityRuleResult;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.regex.Pattern;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * The contract's access rules, checked before any annotation: every {@code /api/**} and
 * {@code /v1/**} route needs a token except {@code GET /api/health}, and {@code /api/admin/**}
 * needs the {@code admin} role. A controller annotated too generously (or not at all) cannot
 * open a route; it can only narrow access further, since this rule answers "unknown" (let the
 * next rule decide) whenever it does not refuse. The {@code intercept-url-map} of
 * {@code application.yml} then decides for routes without {@code @Secured}.
 */
@Singleton
public class ApiAccessRule implements SecurityRule<HttpRequest<?>> {

    /** Before {@link SecuredAnnotationRule}, so that no annotation can open what this rule closes. */
    public static final int ORDER = SecuredAnnotationRule.ORDER - 100;
    public static final String ADMIN = "admin";
    private static final Pattern REPEATED_SLASHES = Pattern.compile("/{2,}");

    @Override
    public Publisher<SecurityRuleResult> check(HttpRequest<?> request, Authentication authentication) {
        return Mono.just(decide(request.getMethod(), request.getPath(), authentication));
    }

    static SecurityRuleResult decide(HttpMethod method, String rawPath, Authentication authentication) {
        String path = normalize(rawPath);
        if (!under(path, "/api") && !under(path, "/v1")) {
            return SecurityRuleResult.UNKNOWN;
        }
        if (path.equals("/api/health") && (method == HttpMethod.GET || method == HttpMethod.HEAD)) {
            return SecurityRuleResult.UNKNOWN;
        }
        if (authentication == null) {
            return SecurityRuleResult.REJECTED;
        }
        if (under(path, "/api/admin") && !authentication.getRoles().contains(ADMIN)) {
            return SecurityRuleResult.REJECTED;
        }
        return SecurityRuleResult.UNKNOWN;
    }

    /** Case and repeated or trailing slashes must not slip a path past the prefixes. */
    static String normalize(String path) {
        String p = (path == null ? "/" : path).toLowerCase(Locale.ROOT);
        if (p.contains("//")) {
            // Only then: a regular expression made for every request is a cost on every request.
            p = REPEATED_SLASHES.matcher(p).replaceAll("/");
        }
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}

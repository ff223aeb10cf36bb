package org.aistudio.host.playground;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterPatternStyle;

/**
 * A strict Content-Security-Policy on the playground's files: scripts, styles and requests only
 * from this origin, no inline code, no framing, no forms posting elsewhere. Model text is put
 * into the page as text, and this policy is the second wall should that ever slip.
 */
@ServerFilter(value = {"/", "/index.html", "/*.css", "/*.js", "/playground/**"}, patternStyle = FilterPatternStyle.ANT)
@Requires(property = PlaygroundSettings.ENABLED, value = "true")
public class PlaygroundHeadersFilter {

    /** The policy, one directive per concern; nothing is allowed that is not named. */
    public static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    @ResponseFilter
    void secure(HttpRequest<?> request, MutableHttpResponse<?> response) {
        response.getHeaders().set("Content-Security-Policy", POLICY);
        response.getHeaders().set("X-Content-Type-Options", "nosniff");
        response.getHeaders().set("Referrer-Policy", "no-referrer");
        response.getHeaders().set("X-Frame-Options", "DENY");
        if (!request.getPath().startsWith("/playground/")) {
            // Revalidate every time: after an upgrade a browser must not mix old and new modules.
            response.getHeaders().set("Cache-Control", "no-cache");
        }
    }
}

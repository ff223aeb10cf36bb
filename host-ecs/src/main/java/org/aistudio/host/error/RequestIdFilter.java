package org.aistudio.host.error;

import io.micronaut.context.propagation.slf4j.MdcPropagationContext;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterPatternStyle;
import org.slf4j.MDC;

/**
 * Gives every request an id, puts it in the logging context, and returns it as {@code x-request-id}.
 * Runs first, before security, so that refused requests (401, 403) carry the id and
 * {@code X-Content-Type-Options} too.
 */
@ServerFilter(value = "/**", patternStyle = FilterPatternStyle.ANT)
@Order(RequestIdFilter.ORDER)
public class RequestIdFilter {

    /** Before every other filter of the server, security included ({@code ServerFilterPhase.FIRST.before()}). */
    public static final int ORDER = -1249;

    /**
     * The id travels with the request's propagated context, so it is in the MDC on whichever
     * thread handles the request, and the MDC is put back as it was when the request leaves it.
     */
    @RequestFilter
    void assign(HttpRequest<?> request, MutablePropagatedContext context) {
        MDC.put("requestId", RequestIds.of(request));
        try {
            context.add(new MdcPropagationContext());
        } finally {
            MDC.remove("requestId");
        }
    }

    @ResponseFilter
    void expose(HttpRequest<?> request, MutableHttpResponse<?> response) {
        response.getHeaders().set(RequestIds.HEADER, RequestIds.of(request));
        response.getHeaders().set("X-Content-Type-Options", "nosniff");
    }
}

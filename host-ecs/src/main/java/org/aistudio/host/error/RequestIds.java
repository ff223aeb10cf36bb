package org.aistudio.host.error;

import io.micronaut.http.HttpRequest;
import java.util.UUID;
import java.util.regex.Pattern;

/** The request id of every request: the caller's {@code x-request-id} when it is sane, else a new one. */
public final class RequestIds {

    public static final String HEADER = "x-request-id";
    public static final String ATTRIBUTE = "aistudio.requestId";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{8,64}");

    private RequestIds() {
    }

    public static String of(HttpRequest<?> request) {
        if (request == null) {
            return UUID.randomUUID().toString();
        }
        return request.getAttribute(ATTRIBUTE, String.class).orElseGet(() -> {
            String incoming = request.getHeaders().get(HEADER);
            String id = incoming != null && SAFE.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
            request.setAttribute(ATTRIBUTE, id);
            return id;
        });
    }
}

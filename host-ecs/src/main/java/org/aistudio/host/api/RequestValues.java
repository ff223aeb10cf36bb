package org.aistudio.host.api;

import io.micronaut.http.HttpRequest;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Values both API surfaces read from requests, checked before they are used; each surface turns
 * a bad value into its own error shape.
 */
public final class RequestValues {

    private RequestValues() {
    }

    /** {@code Last-Event-ID}: 0 when absent, empty when present but not a non-negative integer. */
    public static OptionalLong lastEventId(HttpRequest<?> request) {
        String value = request.getHeaders().get("Last-Event-ID");
        if (value == null || value.isBlank()) {
            return OptionalLong.of(0);
        }
        try {
            long id = Long.parseLong(value.strip());
            return id >= 0 ? OptionalLong.of(id) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** A job id: a UUID in its canonical form, or empty, so nothing else reaches SQL. */
    public static Optional<UUID> jobId(String id) {
        if (id == null || id.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

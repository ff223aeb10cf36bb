package org.aistudio.host.error;

import io.micronaut.serde.annotation.Serdeable;

/** The contract's error body: {@code {"error": {"code", "message"}, "requestId"}}. */
@Serdeable
public record ApiError(Detail error, String requestId) {

    @Serdeable
    public record Detail(String code, String message) {
    }

    public static ApiError of(String code, String message, String requestId) {
        return new ApiError(new Detail(code, message), requestId);
    }
}

package org.aistudio.host.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

/** OpenAI's error body: {@code {"error": {"message", "type", "param", "code"}}}. */
@Serdeable
public record OpenAiError(Detail error) {

    /** Every field is always present, {@code param} and {@code code} as null when there is none, as OpenAI sends them. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Detail(String message, String type, String param, String code) {
    }

    public static OpenAiError of(String message, String type, String param, String code) {
        return new OpenAiError(new Detail(message, type, param, code));
    }
}

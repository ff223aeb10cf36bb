package org.aistudio.core.provider.openai.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.aistudio.core.provider.http.StreamingHttp;

/**
 * Reads how long the upstream asks us to wait: {@code retry-after-ms} (OpenAI, Azure) first, then
 * {@code Retry-After} as seconds or as an HTTP date.
 */
final class RetryAfter {

    private RetryAfter() {
    }

    /** The wait the headers ask for, or null when they ask for none (or say nothing readable). */
    static Duration from(StreamingHttp.Headers headers, Clock clock) {
        if (headers == null) {
            return null;
        }
        Duration millis = number(headers.first("retry-after-ms").orElse(null), 1);
        if (millis != null) {
            return millis;
        }
        String value = headers.first("retry-after").orElse(null);
        if (value == null || value.isBlank()) {
            return null;
        }
        Duration seconds = number(value, 1000);
        return seconds != null ? seconds : date(value.strip(), clock);
    }

    private static Duration number(String value, long millisPerUnit) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            double amount = Double.parseDouble(value.strip());
            if (amount < 0 || Double.isNaN(amount) || Double.isInfinite(amount)) {
                return null;
            }
            return Duration.ofMillis(Math.round(amount * millisPerUnit));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Duration date(String value, Clock clock) {
        try {
            ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(clock.instant(), at.toInstant());
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

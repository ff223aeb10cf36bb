package org.aistudio.core.provider.openai.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.aistudio.core.provider.http.StreamingHttp;
import org.aistudio.fixtures.time.SettableClock;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2025-01-01T12:00:00Z"));

    private Duration read(String name, String value) {
        return RetryAfter.from(headers(Map.of(name, value)), clock);
    }

    /** Headers as a client hands them over (names are matched without regard to case). */
    private static StreamingHttp.Headers headers(Map<String, String> values) {
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        map.putAll(values);
        return name -> Optional.ofNullable(map.get(name));
    }

    @Test
    void reads_seconds_fractions_and_http_dates() {
        assertThat(read("Retry-After", "3")).isEqualTo(Duration.ofSeconds(3));
        assertThat(read("Retry-After", "0.5")).isEqualTo(Duration.ofMillis(500));
        assertThat(read("Retry-After", "Wed, 01 Jan 2025 12:00:20 GMT")).isEqualTo(Duration.ofSeconds(20));
        assertThat(read("Retry-After", "Wed, 01 Jan 2025 11:00:00 GMT")).isEqualTo(Duration.ZERO);
    }

    @Test
    void prefers_the_millisecond_header_of_openai_and_azure() {
        StreamingHttp.Headers headers = headers(Map.of("Retry-After", "2", "retry-after-ms", "1500"));
        assertThat(RetryAfter.from(headers, clock)).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void ignores_what_it_cannot_read() {
        assertThat(read("Retry-After", "soon")).isNull();
        assertThat(read("Retry-After", "-5")).isNull();
        assertThat(RetryAfter.from(headers(Map.of()), clock)).isNull();
    }
}

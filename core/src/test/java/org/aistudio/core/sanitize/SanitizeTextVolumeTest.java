package org.aistudio.core.sanitize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the text rules as often, and on lines as hostile, as a busy host would. Nothing here is timed:
 * {@link SanitizerBenchmark} measures speed.
 */
class SanitizeTextVolumeTest {

    static final List<String> TYPICAL_LINES = List.of(
        "2026-11-28T20:44:36.123Z INFO  o.a.h.ChatController - stream started "
            + "jobId=7f9c2b1e-3d4a-4c5b-9e8f-1a2b3c4d5e6f",
        "{\"timestamp\":\"2026-11-28T20:44:36Z\",\"level\":\"INFO\",\"message\":\"job completed\","
            + "\"requestId\":\"r-42\",\"provider\":\"openai\",\"modelId\":\"gpt-4o\",\"duration\":1234}",
        "usage inputTokens=1532 outputTokens=417 totalTokens=1949 maxTokens=4096 finishReason=stop",
        "keep-alive sent after 15s of upstream silence on 10.0.3.17:3000",
        "HikariPool-1 - Added connection org.postgresql.jdbc.PgConnection@5a2e4553",
        "heartbeat refreshed for 3 running jobs in 4ms (sweeper idle)",
        "Micronaut 4.10.8 started in 812ms. Server Running: http://localhost:3000");

    private static final int HUGE = 200_000;

    @Test
    void ten_thousand_typical_lines_come_back_unchanged() {
        Sanitizer sanitizer = Sanitizer.defaults();
        int unchanged = 0;
        for (int i = 0; i < 10_000; i++) {
            String line = TYPICAL_LINES.get(i % TYPICAL_LINES.size());
            if (sanitizer.sanitizeText(line) == line) {
                unchanged++;
            }
        }

        assertThat(unchanged).isEqualTo(10_000);
    }

    static Stream<Arguments> hostileLines() {
        return Stream.of(
            arguments("only @", "@".repeat(HUGE)),
            arguments("an address with endless labels", "a@" + "b.".repeat(HUGE / 2)),
            arguments("endless separators", "a:".repeat(HUGE / 2)),
            arguments("an endless quoted password", "password=\"" + "\\a".repeat(HUGE / 2)),
            arguments("endless pairs", "token: \"".repeat(HUGE / 8)),
            arguments("endless area codes", "415-".repeat(HUGE / 4)),
            arguments("endless country codes", "+1 ".repeat(HUGE / 3)),
            arguments("endless JWT headers", "eyJaaaaaaaaa.".repeat(HUGE / 13)),
            arguments("endless AWS prefixes", "AKIA".repeat(HUGE / 4)),
            arguments("endless URL schemes", "postgres://u:p@".repeat(HUGE / 15)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileLines")
    void hostile_lines_finish_within_the_length_limit(String shape, String line) {
        String sanitized = Sanitizer.defaults().sanitizeText(line);

        assertThat(sanitized).hasSizeLessThanOrEqualTo(Sanitizer.DEFAULT_MAX_STRING_LENGTH);
    }
}

package org.aistudio.core.sanitize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SanitizeTextTest {

    private static final String JWT =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTEiLCJyb2xlcyI6WyJhZG1pbiJdfQ."
            + "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
    private static final String UNSIGNED_JWT = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.";
    private static final String OPENAI_PROJECT_KEY = "sk-proj-Ab3dEf6hIj9kLmN0pQrStUvWxYz12_34-56AbCdEfGh";
    private static final String OPENAI_LEGACY_KEY = "sk-" + "aB1cD2eF3gH4iJ5kL6mN7oP8qR9sT0uV1wX2yZ3aB4cD5eF6";
    private static final String ANTHROPIC_KEY = "sk-ant-api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe";
    private static final String GOOGLE_KEY = "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q";
    private static final String AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private final Sanitizer sanitizer = Sanitizer.defaults();

    static Stream<Arguments> hits() {
        return Stream.of(
            arguments("keyed", "login failed password=hunter2 user=bob", "login failed password=[REDACTED] user=bob"),
            arguments("keyed", "{\"apiKey\":\"abc\",\"maxTokens\":1000}",
                "{\"apiKey\":\"[REDACTED]\",\"maxTokens\":1000}"),
            arguments("keyed", "{\"api_key\": \"abc\", \"model\": \"gpt-4o\"}",
                "{\"api_key\": \"[REDACTED]\", \"model\": \"gpt-4o\"}"),
            arguments("keyed", "x-api-key: abc123", "x-api-key: [REDACTED]"),
            arguments("keyed", "X-Goog-Api-Key: " + GOOGLE_KEY, "X-Goog-Api-Key: [REDACTED]"),
            arguments("keyed", "client_secret='s3cr3t'", "client_secret='[REDACTED]'"),
            arguments("keyed", "{password=hunter2, user=bob}", "{password=[REDACTED], user=bob}"),
            arguments("keyed", "ProviderSettings[baseUrl=https://api.openai.com, apiKey=abc]",
                "ProviderSettings[baseUrl=https://api.openai.com, apiKey=[REDACTED]]"),
            arguments("keyed", "Authorization: Basic dXNlcjpwYXNz", "Authorization: Basic [REDACTED]"),
            arguments("keyed", "Authorization: Bearer " + JWT, "Authorization: Bearer [REDACTED]"),
            arguments("keyed", "Cookie: session=abc; theme=dark\nnext", "Cookie: [REDACTED]\nnext"),
            arguments("keyed", "body={\\\"refresh_token\\\":\\\"abc\\\"}",
                "body={\\\"refresh_token\\\":\\\"[REDACTED]\\\"}"),
            arguments("keyed", "msg=\"password=hunter2\"", "msg=\"password=[REDACTED]\""),
            arguments("keyed", "email: john@example.com", "email: [REDACTED]"),
            arguments("keyed", "spring.datasource.password = s3cr3t", "spring.datasource.password = [REDACTED]"),
            arguments("aws secret", "aws_secret_access_key=" + AWS_SECRET, "aws_secret_access_key=[REDACTED]"),
            arguments("aws secret", "AWS_SECRET_ACCESS_KEY: " + AWS_SECRET, "AWS_SECRET_ACCESS_KEY: [REDACTED]"),
            arguments("aws secret", "{\"SecretAccessKey\": \"" + AWS_SECRET + "\"}",
                "{\"SecretAccessKey\": \"[REDACTED]\"}"),
            arguments("url", "connecting to postgres://app:s3cr3t@db.example.com:5432/app",
                "connecting to postgres://app:[REDACTED]@db.example.com:5432/app"),
            arguments("url", "postgresql://app:p%40ss@db/app", "postgresql://app:[REDACTED]@db/app"),
            arguments("url", "redis://:s3cr3t@cache:6379", "redis://:[REDACTED]@cache:6379"),
            arguments("url", "jdbc:postgresql://db:5432/app?user=app&password=s3cr3t&ssl=true",
                "jdbc:postgresql://db:5432/app?user=app&password=[REDACTED]&ssl=true"),
            arguments("bearer", "sent Bearer abc123def456", "sent Bearer [REDACTED_TOKEN]"),
            arguments("bearer", "sent bearer Zm9vYmFyYmF6MTIz==", "sent bearer [REDACTED_TOKEN]"),
            arguments("jwt", "token " + JWT + " rejected", "token [REDACTED_TOKEN] rejected"),
            arguments("jwt", "alg none: " + UNSIGNED_JWT, "alg none: [REDACTED_TOKEN]"),
            arguments("openai key", "using " + OPENAI_PROJECT_KEY, "using [REDACTED_KEY]"),
            arguments("openai key", "key " + OPENAI_LEGACY_KEY + ".", "key [REDACTED_KEY]."),
            arguments("anthropic key", "(" + ANTHROPIC_KEY + ")", "([REDACTED_KEY])"),
            arguments("google key", "?key=" + GOOGLE_KEY + "&alt=sse", "?key=[REDACTED_KEY]&alt=sse"),
            arguments("aws key id", "AKIAIOSFODNN7EXAMPLE in use", "[REDACTED_KEY] in use"),
            arguments("aws key id", "temporary ASIAQWERTYUIOP123456", "temporary [REDACTED_KEY]"),
            arguments("email", "mail john.doe+tag@example.co.uk now", "mail [REDACTED_EMAIL] now"),
            arguments("email", "mailto:jane@example.com", "mailto:[REDACTED_EMAIL]"),
            arguments("email", "Write to <ops@aistudio.dev>.", "Write to <[REDACTED_EMAIL]>."),
            arguments("email", "Write to jane@example.com.", "Write to [REDACTED_EMAIL]."),
            arguments("phone", "call +14155552671 now", "call [REDACTED_PHONE] now"),
            arguments("phone", "call (415) 555-2671", "call [REDACTED_PHONE]"),
            arguments("phone", "call 415-555-2671.", "call [REDACTED_PHONE]."),
            arguments("phone", "call 415.555.2671", "call [REDACTED_PHONE]"),
            arguments("phone", "call +44 20 7946 0958", "call [REDACTED_PHONE]"),
            arguments("phone", "call +1 (415) 555-2671", "call [REDACTED_PHONE]"),
            arguments("phone", "call +44 (0)20 7946 0958", "call [REDACTED_PHONE]"),
            arguments("phone", "call 1-415-555-2671", "call [REDACTED_PHONE]"),
            arguments("phone", "call +49-30-901820", "call [REDACTED_PHONE]"),
            arguments("mixed",
                "{\"level\":\"WARN\",\"message\":\"retry for jane@example.com\",\"userId\":\"u-1\","
                    + "\"headers\":{\"authorization\":\"Bearer " + JWT + "\",\"x-request-id\":\"r-1\"}}",
                "{\"level\":\"WARN\",\"message\":\"retry for [REDACTED_EMAIL]\",\"userId\":\"u-1\","
                    + "\"headers\":{\"authorization\":\"[REDACTED]\",\"x-request-id\":\"r-1\"}}"));
    }

    static Stream<Arguments> nearMisses() {
        return Stream.of(
            arguments("keyed", "usage tokens=1234 maxTokens: 4096 \"inputTokens\": 12 tokenCount=5"),
            arguments("keyed", "secretary=Ann emailVerified: true phoneticName=Jon"),
            arguments("keyed", "tokenizer: cl100k_base, token_type=Bearer"),
            arguments("keyed", "unset {\"password\": \"\", \"apiKey\": null}"),
            arguments("keyed", "{\"key\": \"gpt-4o\", \"api_key_id\": \"kid-123\"}"),
            arguments("keyed", "Token::get returned null; token == null"),
            arguments("keyed", "read from the environment variable named OPENAI_API_KEY"),
            arguments("url", "GET https://example.com:8443/v1/models"),
            arguments("url", "postgres://app@db.example.com/app"),
            arguments("bearer", "Bearer authentication failed"),
            arguments("bearer", "bearer token expired"),
            arguments("jwt", "header eyJhbGciOiJIUzI1NiJ9 alone"),
            arguments("jwt", "two parts eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0"),
            arguments("openai key", "task-force risk-based disk-usage ask-me"),
            arguments("openai key", "installed sk-learn and sk-abcdefghijklmnopqrstuvwxyz"),
            arguments("google key", "AIzaSyShort is not a key"),
            arguments("aws key id", "ASIA-PACIFIC ASIAN markets AKIA123"),
            arguments("email", "@Override public void run()"),
            arguments("email", "user@ alone, a@b, user@localhost"),
            arguments("email", "ssh://git@github.com/org/repo.git"),
            arguments("email", "npm @aistudio/ui@1.2.3"),
            arguments("phone", "job 123e4567-e89b-12d3-a456-426614174000 done"),
            arguments("phone", "at 2026-11-28T20:44:36Z and 2026-11-28T20:44:36.123+02:00"),
            arguments("phone", "dates 2026-11-28 and 28.11.2026"),
            arguments("phone", "micronaut 4.10.8 on Java 17.0.15"),
            // IP addresses stay: operators trace abuse with them and the contract does not call them secret.
            arguments("phone", "from 192.168.1.10 via 10.0.0.255"),
            arguments("phone", "tokens 1234567 and 1234567890123 epoch 1764362676000"),
            arguments("phone", "took 250ms, keep-alive 15s, drain 25s"),
            arguments("phone", "grew +1234.5678 today"),
            arguments("phone", "local 555-2671 and 123-45-6789"),
            arguments("phone", "ids 415-555-26710 and 415-555-2671-a"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("hits")
    void secrets_in_text_are_replaced_by_markers(String rule, String input, String expected) {
        assertThat(sanitizer.sanitizeText(input)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("nearMisses")
    void look_alikes_in_text_are_kept(String rule, String input) {
        assertThat(sanitizer.sanitizeText(input)).isSameAs(input);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource({"hits", "nearMisses"})
    void sanitizing_text_twice_gives_the_same_as_once(String rule, String input) {
        String once = sanitizer.sanitizeText(input);
        assertThat(sanitizer.sanitizeText(once)).isEqualTo(once);
    }

    @Test
    void every_secret_on_one_line_is_replaced() {
        String line =
            "user jane@example.com +14155552671 password=hunter2 " + OPENAI_PROJECT_KEY + " Bearer abc123def456";

        assertThat(sanitizer.sanitizeText(line)).isEqualTo(
            "user [REDACTED_EMAIL] [REDACTED_PHONE] password=[REDACTED] [REDACTED_KEY] Bearer [REDACTED_TOKEN]");
    }

    @Test
    void null_and_empty_text_pass_through() {
        assertThat(sanitizer.sanitizeText(null)).isNull();
        assertThat(sanitizer.sanitizeText("")).isEmpty();
    }
}

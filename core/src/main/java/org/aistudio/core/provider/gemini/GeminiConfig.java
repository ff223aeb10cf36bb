package org.aistudio.core.provider.gemini;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.aistudio.core.provider.CredentialSource;

/**
 * How to reach Gemini. Immutable; build it with {@link #builder()}, which checks every value.
 *
 * <p>The API key is read from a {@link CredentialSource} (by default the environment variable
 * {@value #DEFAULT_CREDENTIAL_NAME}) on every request, so a rotated key is picked up without a
 * restart; when Google refuses the key, the source is refreshed and the call tried once more. The
 * key never appears in {@link #toString()}, logs or error messages.
 *
 * <p>Reasoning effort ({@code low}, {@code medium}, {@code high}) maps to Gemini's
 * {@code thinkingConfig} with {@code includeThoughts: true}: Gemini 2.x models get a token
 * {@code thinkingBudget} (the three budgets below), every other model (Gemini 3 and later) gets a
 * {@code thinkingLevel}: {@code low} for low, {@code high} for medium and high, because Gemini 3
 * Pro accepts only those two levels. Without an effort no {@code thinkingConfig} is sent and the
 * model thinks as it does by default, without returning its thoughts.
 */
public final class GeminiConfig {

    /** The credential holding the API key. */
    public static final String DEFAULT_CREDENTIAL_NAME = "GOOGLE_API_KEY";
    /** Google's public Gemini API endpoint. */
    public static final URI DEFAULT_BASE_URL = URI.create("https://generativelanguage.googleapis.com");
    /** Time allowed to open the TCP/TLS connection. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Time allowed until the response headers arrive; the streamed body is not bounded by it. */
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(60);
    /** HTTP/2 where the server offers it (TLS); plain-HTTP base URLs always use HTTP/1.1. */
    public static final HttpClient.Version DEFAULT_HTTP_VERSION = HttpClient.Version.HTTP_2;
    public static final int DEFAULT_THINKING_BUDGET_LOW = 1024;
    public static final int DEFAULT_THINKING_BUDGET_MEDIUM = 8192;
    public static final int DEFAULT_THINKING_BUDGET_HIGH = 24576;

    private final URI baseUrl;
    private final CredentialSource credentials;
    private final String credentialName;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final HttpClient.Version httpVersion;
    private final int thinkingBudgetLow;
    private final int thinkingBudgetMedium;
    private final int thinkingBudgetHigh;

    private GeminiConfig(Builder b) {
        this.baseUrl = b.baseUrl;
        this.credentials = b.credentials;
        this.credentialName = b.credentialName;
        this.connectTimeout = b.connectTimeout;
        this.responseTimeout = b.responseTimeout;
        this.httpVersion = b.httpVersion;
        this.thinkingBudgetLow = b.thinkingBudgetLow;
        this.thinkingBudgetMedium = b.thinkingBudgetMedium;
        this.thinkingBudgetHigh = b.thinkingBudgetHigh;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The API root, without a trailing slash, e.g. {@code https://generativelanguage.googleapis.com}. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** Where the key sent as {@code x-goog-api-key} is read, on every request. */
    public CredentialSource credentials() {
        return credentials;
    }

    /** The key's name in {@link #credentials()}. */
    public String credentialName() {
        return credentialName;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration responseTimeout() {
        return responseTimeout;
    }

    /** The HTTP version asked of the JDK client ({@code HTTP_1_1} for a plain-HTTP base URL). */
    public HttpClient.Version httpVersion() {
        return "http".equalsIgnoreCase(baseUrl.getScheme()) ? HttpClient.Version.HTTP_1_1 : httpVersion;
    }

    /** The {@code thinkingBudget} for a Gemini 2.x model at this effort, or null for an unknown effort. */
    public Integer thinkingBudget(String effort) {
        return switch (effort) {
            case "low" -> thinkingBudgetLow;
            case "medium" -> thinkingBudgetMedium;
            case "high" -> thinkingBudgetHigh;
            default -> null;
        };
    }

    @Override
    public String toString() {
        return "GeminiConfig{baseUrl=" + baseUrl + ", credentialName=" + credentialName + ", connectTimeout=" + connectTimeout
                + ", responseTimeout=" + responseTimeout + ", httpVersion=" + httpVersion + "}";
    }

    /** Builds a {@link GeminiConfig}; {@link #build()} refuses values that cannot work. */
    public static final class Builder {
        private URI baseUrl = DEFAULT_BASE_URL;
        private CredentialSource credentials = CredentialSource.environment();
        private String credentialName = DEFAULT_CREDENTIAL_NAME;
        private String fixedKey;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration responseTimeout = DEFAULT_RESPONSE_TIMEOUT;
        private HttpClient.Version httpVersion = DEFAULT_HTTP_VERSION;
        private int thinkingBudgetLow = DEFAULT_THINKING_BUDGET_LOW;
        private int thinkingBudgetMedium = DEFAULT_THINKING_BUDGET_MEDIUM;
        private int thinkingBudgetHigh = DEFAULT_THINKING_BUDGET_HIGH;

        private Builder() {
        }

        /** The API root ({@code GEMINI_BASE_URL}); a fake server's address in tests. */
        public Builder baseUrl(String value) {
            return baseUrl(value == null ? null : URI.create(value.strip()));
        }

        public Builder baseUrl(URI value) {
            this.baseUrl = value;
            return this;
        }

        /** Where the key is read on every request; the environment by default. */
        public Builder credentials(CredentialSource value) {
            this.credentials = value;
            return this;
        }

        /** The key's name in the credential source; {@value #DEFAULT_CREDENTIAL_NAME} by default. */
        public Builder credentialName(String value) {
            this.credentialName = value;
            return this;
        }

        /** A fixed API key (tests, or a host that already holds the key). */
        public Builder apiKey(String value) {
            this.fixedKey = Objects.requireNonNull(value, "Gemini API key");
            return this;
        }

        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        public Builder responseTimeout(Duration value) {
            this.responseTimeout = value;
            return this;
        }

        public Builder httpVersion(HttpClient.Version value) {
            this.httpVersion = value;
            return this;
        }

        /** Token budgets of Gemini 2.x models for reasoning effort low, medium and high. */
        public Builder thinkingBudgets(int low, int medium, int high) {
            this.thinkingBudgetLow = low;
            this.thinkingBudgetMedium = medium;
            this.thinkingBudgetHigh = high;
            return this;
        }

        public GeminiConfig build() {
            if (baseUrl == null || !baseUrl.isAbsolute() || baseUrl.getHost() == null
                    || !("http".equalsIgnoreCase(baseUrl.getScheme()) || "https".equalsIgnoreCase(baseUrl.getScheme()))) {
                throw new IllegalArgumentException("Gemini base URL must be an absolute http(s) URL such as "
                        + DEFAULT_BASE_URL + ", was: " + baseUrl);
            }
            String text = baseUrl.toString();
            baseUrl = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            if (credentialName == null || credentialName.isBlank()) {
                throw new IllegalArgumentException("Gemini needs the name of its API key credential, such as "
                        + DEFAULT_CREDENTIAL_NAME);
            }
            if (fixedKey != null) {
                credentials = CredentialSource.of(Map.of(credentialName, fixedKey));
            }
            Objects.requireNonNull(credentials, "Gemini credentials");
            requirePositive(connectTimeout, "connect timeout");
            requirePositive(responseTimeout, "response timeout");
            Objects.requireNonNull(httpVersion, "Gemini HTTP version");
            if (thinkingBudgetLow <= 0 || thinkingBudgetMedium < thinkingBudgetLow || thinkingBudgetHigh < thinkingBudgetMedium) {
                throw new IllegalArgumentException("Gemini thinking budgets must be positive and grow from low to high, were "
                        + thinkingBudgetLow + "/" + thinkingBudgetMedium + "/" + thinkingBudgetHigh);
            }
            return new GeminiConfig(this);
        }

        private static void requirePositive(Duration value, String what) {
            if (value == null || value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException("Gemini " + what + " must be a positive duration, was " + value);
            }
        }
    }
}

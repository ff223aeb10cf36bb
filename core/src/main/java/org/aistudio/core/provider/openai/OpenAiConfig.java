package org.aistudio.core.provider.openai;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.aistudio.core.provider.CredentialSource;
import org.aistudio.core.provider.http.StreamingHttp;

/**
 * Immutable configuration of an {@link OpenAiChatProvider}. Built with {@link #builder()} (OpenAI)
 * or {@link #compatibleBuilder()} (an OpenAI-compatible server, key optional); validated on
 * {@link Builder#build()}.
 */
public final class OpenAiConfig {

    /** Provider name of OpenAI itself. */
    public static final String DEFAULT_NAME = "openai";
    /** Provider name of OpenAI-compatible servers. */
    public static final String COMPATIBLE_NAME = "openai-compatible";
    /** OpenAI's API root, as in the official SDKs' {@code OPENAI_BASE_URL}. */
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.openai.com/v1");
    public static final String DEFAULT_CREDENTIAL_NAME = "OPENAI_API_KEY";
    public static final String DEFAULT_COMPATIBLE_CREDENTIAL_NAME = "OPENAI_COMPATIBLE_API_KEY";
    /** Model ids sent {@code max_completion_tokens} instead of {@code max_tokens}: o1, o3-mini, gpt-5... */
    public static final String DEFAULT_REASONING_MODELS = "(o[1-9]|gpt-5)([-.].*)?";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final URI baseUrl;
    private final CredentialSource credentials;
    private final String credentialName;
    private final boolean keyRequired;
    private final Pattern reasoningModels;
    private final Duration connectTimeout;
    private final HttpClient httpClient;
    private final StreamingHttp http;
    private final Clock clock;
    private final Map<String, String> headers;

    private OpenAiConfig(Builder b) {
        this.name = requireText(b.name, "name");
        this.baseUrl = validBaseUrl(b.baseUrl);
        this.credentials = Objects.requireNonNull(b.credentials, "OpenAI config: credentials are required");
        this.credentialName = requireText(b.credentialName, "credentialName");
        this.keyRequired = b.keyRequired;
        this.reasoningModels = validPattern(b.reasoningModels);
        this.connectTimeout = positive(b.connectTimeout);
        this.httpClient = b.httpClient;
        if (b.httpClient != null && b.http != null) {
            throw new IllegalArgumentException("OpenAI config: give either httpClient or http, not both");
        }
        this.http = b.http;
        this.clock = Objects.requireNonNull(b.clock, "OpenAI config: clock is required");
        this.headers = Map.copyOf(b.headers);
    }

    /** Defaults for OpenAI: name {@code openai}, key {@code OPENAI_API_KEY} required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Defaults for an OpenAI-compatible server: name {@code openai-compatible}, key
     * {@code OPENAI_COMPATIBLE_API_KEY} optional. Set {@link Builder#baseUrl} to the server's
     * {@code /v1} root.
     */
    public static Builder compatibleBuilder() {
        return new Builder().name(COMPATIBLE_NAME).credentialName(DEFAULT_COMPATIBLE_CREDENTIAL_NAME)
                .keyRequired(false);
    }

    public String name() {
        return name;
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public CredentialSource credentials() {
        return credentials;
    }

    public String credentialName() {
        return credentialName;
    }

    public boolean keyRequired() {
        return keyRequired;
    }

    public Pattern reasoningModels() {
        return reasoningModels;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * The JDK client every call goes through, when one was given; otherwise the provider builds a
     * few of its own and spreads calls over them.
     */
    public Optional<HttpClient> httpClient() {
        return Optional.ofNullable(httpClient);
    }

    /** The client every call goes through, when one was given instead of a JDK client. */
    public Optional<StreamingHttp> http() {
        return Optional.ofNullable(http);
    }

    public Clock clock() {
        return clock;
    }

    /** Extra headers sent with every request (e.g. {@code OpenAI-Project}). */
    public Map<String, String> headers() {
        return headers;
    }

    @Override
    public String toString() {
        // Header values may be secrets: names only.
        return "OpenAiConfig{name=" + name + ", baseUrl=" + baseUrl + ", credentialName=" + credentialName
                + ", keyRequired=" + keyRequired + ", headers=" + headers.keySet() + "}";
    }

    static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("OpenAI config: " + what + " must not be blank");
        }
        return value;
    }

    private static URI validBaseUrl(URI url) {
        if (url == null || !url.isAbsolute() || url.getHost() == null
                || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
                || url.getQuery() != null) {
            throw new IllegalArgumentException("OpenAI config: baseUrl must be an absolute http(s) URL without a "
                    + "query, such as " + DEFAULT_BASE_URL + "; got " + url);
        }
        String text = url.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : url;
    }

    private static Pattern validPattern(String regex) {
        try {
            return Pattern.compile(Objects.requireNonNull(regex, "OpenAI config: reasoningModels is required"));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("OpenAI config: reasoningModels is not a valid regular expression: "
                    + e.getDescription(), e);
        }
    }

    private static Duration positive(Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("OpenAI config: connectTimeout must be positive; got " + value);
        }
        return value;
    }

    /** Builds an {@link OpenAiConfig}; every option has a default. */
    public static final class Builder {
        private String name = DEFAULT_NAME;
        private URI baseUrl = DEFAULT_BASE_URL;
        private CredentialSource credentials = CredentialSource.environment();
        private String credentialName = DEFAULT_CREDENTIAL_NAME;
        private boolean keyRequired = true;
        private String reasoningModels = DEFAULT_REASONING_MODELS;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private HttpClient httpClient;
        private StreamingHttp http;
        private Clock clock = Clock.systemUTC();
        private final Map<String, String> headers = new LinkedHashMap<>();

        private Builder() {
        }

        /** The provider name in configuration, errors and metrics. */
        public Builder name(String value) {
            this.name = value;
            return this;
        }

        /** The API root that {@code /chat/completions} is appended to. */
        public Builder baseUrl(URI value) {
            this.baseUrl = value;
            return this;
        }

        public Builder baseUrl(String value) {
            return baseUrl(value == null ? null : URI.create(value));
        }

        /** Where the key is read at each call (refreshed once on a 401). */
        public Builder credentials(CredentialSource value) {
            this.credentials = value;
            return this;
        }

        /** The key's name in the credential source. */
        public Builder credentialName(String value) {
            this.credentialName = value;
            return this;
        }

        /** Whether a call without a key fails at once ({@code true}) or goes out without one. */
        public Builder keyRequired(boolean value) {
            this.keyRequired = value;
            return this;
        }

        /** Regular expression (whole id) of reasoning model ids. */
        public Builder reasoningModels(String regex) {
            this.reasoningModels = regex;
            return this;
        }

        /** Connect timeout of the JDK clients the provider builds (ignored with {@link #httpClient}). */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        /**
         * A JDK client to share: every call goes through it, and its settings win over
         * {@link #connectTimeout}.
         */
        public Builder httpClient(HttpClient value) {
            this.httpClient = value;
            return this;
        }

        /**
         * A client of the caller's own for every call, in place of the JDK's (a host's client on its
         * event loop, for example); its settings win over {@link #connectTimeout}.
         */
        public Builder http(StreamingHttp value) {
            this.http = value;
            return this;
        }

        /** The clock that dated {@code Retry-After} headers are read against. */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** An extra header for every request. */
        public Builder header(String headerName, String value) {
            this.headers.put(requireText(headerName, "header name"), Objects.requireNonNull(value, "header value"));
            return this;
        }

        public OpenAiConfig build() {
            return new OpenAiConfig(this);
        }
    }
}

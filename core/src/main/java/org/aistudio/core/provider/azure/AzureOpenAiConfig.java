package org.aistudio.core.provider.azure;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.aistudio.core.provider.CredentialSource;
import org.aistudio.core.provider.http.StreamingHttp;
import org.aistudio.core.provider.openai.OpenAiConfig;

/**
 * Immutable configuration of an {@link AzureOpenAiChatProvider}; validated on {@link Builder#build()}.
 * Only the endpoint has no default.
 */
public final class AzureOpenAiConfig {

    public static final String DEFAULT_NAME = "azure";
    /** The latest generally available data-plane version of the deployment URLs. */
    public static final String DEFAULT_API_VERSION = "2024-10-21";
    public static final AzureUrlStyle DEFAULT_URL_STYLE = AzureUrlStyle.DEPLOYMENT;
    public static final String DEFAULT_CREDENTIAL_NAME = "AZURE_OPENAI_API_KEY";
    public static final String DEFAULT_REASONING_MODELS = OpenAiConfig.DEFAULT_REASONING_MODELS;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = OpenAiConfig.DEFAULT_CONNECT_TIMEOUT;

    private static final Pattern API_VERSION = Pattern.compile("[A-Za-z0-9._-]+");

    private final String name;
    private final URI endpoint;
    private final String apiVersion;
    private final AzureUrlStyle urlStyle;
    private final CredentialSource credentials;
    private final String credentialName;
    private final Pattern reasoningModels;
    private final Duration connectTimeout;
    private final HttpClient httpClient;
    private final StreamingHttp http;
    private final Clock clock;

    private AzureOpenAiConfig(Builder b) {
        this.name = requireText(b.name, "name");
        this.endpoint = validEndpoint(b.endpoint);
        this.apiVersion = requireText(b.apiVersion, "apiVersion");
        if (!API_VERSION.matcher(apiVersion).matches()) {
            throw new IllegalArgumentException("Azure OpenAI config: apiVersion must look like "
                    + DEFAULT_API_VERSION + "; got " + apiVersion);
        }
        this.urlStyle = Objects.requireNonNull(b.urlStyle, "Azure OpenAI config: urlStyle is required");
        this.credentials = Objects.requireNonNull(b.credentials, "Azure OpenAI config: credentials are required");
        this.credentialName = requireText(b.credentialName, "credentialName");
        this.reasoningModels = validPattern(b.reasoningModels);
        if (b.connectTimeout == null || b.connectTimeout.isNegative() || b.connectTimeout.isZero()) {
            throw new IllegalArgumentException("Azure OpenAI config: connectTimeout must be positive; got "
                    + b.connectTimeout);
        }
        this.connectTimeout = b.connectTimeout;
        this.httpClient = b.httpClient;
        if (b.httpClient != null && b.http != null) {
            throw new IllegalArgumentException("Azure OpenAI config: give either httpClient or http, not both");
        }
        this.http = b.http;
        this.clock = Objects.requireNonNull(b.clock, "Azure OpenAI config: clock is required");
    }

    public static Builder builder() {
        return new Builder();
    }

    public String name() {
        return name;
    }

    /** The resource endpoint, e.g. {@code https://my-resource.openai.azure.com}. */
    public URI endpoint() {
        return endpoint;
    }

    /** The {@code api-version} of deployment URLs (the v1 endpoint takes none). */
    public String apiVersion() {
        return apiVersion;
    }

    public AzureUrlStyle urlStyle() {
        return urlStyle;
    }

    public CredentialSource credentials() {
        return credentials;
    }

    public String credentialName() {
        return credentialName;
    }

    public Pattern reasoningModels() {
        return reasoningModels;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

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

    @Override
    public String toString() {
        return "AzureOpenAiConfig{name=" + name + ", endpoint=" + endpoint + ", urlStyle=" + urlStyle
                + ", apiVersion=" + apiVersion + ", credentialName=" + credentialName + "}";
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Azure OpenAI config: " + what + " must not be blank");
        }
        return value;
    }

    private static URI validEndpoint(URI url) {
        if (url == null || !url.isAbsolute() || url.getHost() == null
                || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
                || url.getQuery() != null) {
            throw new IllegalArgumentException("Azure OpenAI config: endpoint must be the resource's absolute "
                    + "http(s) URL, such as https://my-resource.openai.azure.com (AZURE_OPENAI_ENDPOINT); got " + url);
        }
        String text = url.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : url;
    }

    private static Pattern validPattern(String regex) {
        try {
            return Pattern.compile(Objects.requireNonNull(regex, "Azure OpenAI config: reasoningModels is required"));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("Azure OpenAI config: reasoningModels is not a valid regular "
                    + "expression: " + e.getDescription(), e);
        }
    }

    /** Builds an {@link AzureOpenAiConfig}. */
    public static final class Builder {
        private String name = DEFAULT_NAME;
        private URI endpoint;
        private String apiVersion = DEFAULT_API_VERSION;
        private AzureUrlStyle urlStyle = DEFAULT_URL_STYLE;
        private CredentialSource credentials = CredentialSource.environment();
        private String credentialName = DEFAULT_CREDENTIAL_NAME;
        private String reasoningModels = DEFAULT_REASONING_MODELS;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private HttpClient httpClient;
        private StreamingHttp http;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder name(String value) {
            this.name = value;
            return this;
        }

        /** The resource endpoint (required). */
        public Builder endpoint(URI value) {
            this.endpoint = value;
            return this;
        }

        public Builder endpoint(String value) {
            return endpoint(value == null ? null : URI.create(value));
        }

        public Builder apiVersion(String value) {
            this.apiVersion = value;
            return this;
        }

        public Builder urlStyle(AzureUrlStyle value) {
            this.urlStyle = value;
            return this;
        }

        /** Where the key is read at each call (refreshed once on a 401). */
        public Builder credentials(CredentialSource value) {
            this.credentials = value;
            return this;
        }

        public Builder credentialName(String value) {
            this.credentialName = value;
            return this;
        }

        /** Regular expression (whole name) of deployments that serve reasoning models. */
        public Builder reasoningModels(String regex) {
            this.reasoningModels = regex;
            return this;
        }

        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

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

        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        public AzureOpenAiConfig build() {
            return new AzureOpenAiConfig(this);
        }
    }
}

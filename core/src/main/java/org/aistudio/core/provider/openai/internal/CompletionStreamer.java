package org.aistudio.core.provider.openai.internal;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import org.aistudio.core.provider.ChatListener;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.CredentialSource;
import org.aistudio.core.provider.StreamHandle;
import org.aistudio.core.provider.http.StreamingHttp;

/**
 * Streams chat completions from one {@link CompletionEndpoint} over a {@link StreamingHttp}: the
 * shared engine of the OpenAI, OpenAI-compatible and Azure adapters.
 */
public final class CompletionStreamer {

    private final String provider;
    private final CompletionEndpoint endpoint;
    private final ChatCompletionMapper mapper;
    private final OpenAiErrorMapper errors;
    private final Credentials credentials;
    private final StreamingHttp http;
    private final Map<String, String> headers;

    /**
     * @param provider the provider name used in errors
     * @param http the client calls go out on
     * @param headers extra headers of every request
     * @param credentials where the key is read at each call
     * @param credentialName the key's name in the source
     * @param keyRequired whether a call without a key fails at once instead of going out keyless
     */
    public CompletionStreamer(String provider, CompletionEndpoint endpoint, ChatCompletionMapper mapper,
                              StreamingHttp http, Map<String, String> headers,
                              CredentialSource credentials, String credentialName, boolean keyRequired,
                              Clock clock) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.http = Objects.requireNonNull(http, "http");
        this.headers = Map.copyOf(headers);
        this.errors = new OpenAiErrorMapper(provider, clock);
        this.credentials = new Credentials(credentials, credentialName, keyRequired);
    }

    public String provider() {
        return provider;
    }

    /** Starts one call; never throws, failures travel as events. */
    public StreamHandle stream(ChatRequest request, ChatListener listener) {
        CompletionCall call = new CompletionCall(request, listener, this);
        call.start();
        return call::cancel;
    }

    /** Whether {@link #stream} starts without blocking: a client that sends at once and the key in memory. */
    public boolean startsWithoutBlocking() {
        CredentialSource source = credentials.source();
        return http.sendsWithoutBlocking() && source.readsWithoutWaiting()
                && (!credentials.required() || source.get(credentials.name()).isPresent());
    }

    CompletionEndpoint endpoint() {
        return endpoint;
    }

    ChatCompletionMapper mapper() {
        return mapper;
    }

    OpenAiErrorMapper errors() {
        return errors;
    }

    Credentials credentials() {
        return credentials;
    }

    StreamingHttp http() {
        return http;
    }

    Map<String, String> headers() {
        return headers;
    }

    /** The key's source, its name and whether it is required. */
    record Credentials(CredentialSource source, String name, boolean required) {
        Credentials {
            Objects.requireNonNull(source, "credentials");
            Objects.requireNonNull(name, "credentialName");
        }
    }
}

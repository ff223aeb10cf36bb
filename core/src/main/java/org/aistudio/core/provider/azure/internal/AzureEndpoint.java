package org.aistudio.core.provider.azure.internal;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.aistudio.core.provider.ErrorKind;
import org.aistudio.core.provider.ProviderException;
import org.aistudio.core.provider.openai.internal.CompletionEndpoint;

/**
 * Azure OpenAI's two URL shapes: one per deployment
 * ({@code /openai/deployments/{deployment}/chat/completions?api-version=}), or the v1 one
 * ({@code /openai/v1/chat/completions}) with the model in the body. The key goes in {@code api-key}.
 */
public final class AzureEndpoint implements CompletionEndpoint {

    public static final String V1_PATH = "/openai/v1/chat/completions";
    private static final Pattern DEPLOYMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final int MAX_CACHED_DEPLOYMENTS = 256;

    private final String provider;
    private final String endpoint;
    private final String apiVersion;
    private final boolean v1;
    private final Map<String, URI> deployments = new ConcurrentHashMap<>();

    /**
     * @param endpoint the resource endpoint, without a trailing slash
     * @param v1 whether to use the v1 endpoint instead of deployment URLs
     */
    public AzureEndpoint(String provider, URI endpoint, String apiVersion, boolean v1) {
        this.provider = provider;
        this.endpoint = endpoint.toString();
        this.apiVersion = apiVersion;
        this.v1 = v1;
    }

    /** The completions path for this deployment (or the v1 path). */
    public String path(String deployment) {
        return v1 ? V1_PATH : "/openai/deployments/" + deployment + "/chat/completions?api-version=" + apiVersion;
    }

    @Override
    public URI uri(String model) {
        if (v1) {
            return deployments.computeIfAbsent(V1_PATH, path -> URI.create(endpoint + path));
        }
        if (!DEPLOYMENT.matcher(model).matches()) {
            throw new ProviderException(provider, ErrorKind.BAD_REQUEST,
                    provider + " deployment names are letters, digits, '.', '_' and '-'; got an invalid one");
        }
        if (deployments.size() > MAX_CACHED_DEPLOYMENTS) {
            deployments.clear();
        }
        return deployments.computeIfAbsent(model, deployment -> URI.create(endpoint + path(deployment)));
    }

    @Override
    public String wireModel(String model) {
        return model;
    }

    @Override
    public void authenticate(Map<String, String> headers, String key) {
        headers.put("api-key", key);
    }
}

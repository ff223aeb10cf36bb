package org.aistudio.core.provider.azure.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.aistudio.core.provider.ErrorKind;
import org.aistudio.core.provider.ProviderException;
import org.aistudio.core.provider.openai.internal.CompletionEndpoint;
import org.springframework.ai.openai.api.OpenAiApi;
import org.springframework.http.HttpHeaders;

/**
 * Azure OpenAI's two URL shapes: one client per deployment
 * ({@code /openai/deployments/{deployment}/chat/completions?api-version=}), or one v1 client
 * ({@code /openai/v1/chat/completions}) with the model in the body. The key goes in {@code api-key}.
 */
public final class AzureEndpoint implements CompletionEndpoint {

    public static final String V1_PATH = "/openai/v1/chat/completions";
    private static final Pattern DEPLOYMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final int MAX_CACHED_DEPLOYMENTS = 256;

    private final String provider;
    private final String apiVersion;
    private final boolean v1;
    private final Function<String, OpenAiApi> clientForPath;
    private final Map<String, OpenAiApi> clients = new ConcurrentHashMap<>();

    /**
     * @param v1 whether to use the v1 endpoint instead of deployment URLs
     * @param clientForPath builds a client whose completions path is the argument
     */
    public AzureEndpoint(String provider, String apiVersion, boolean v1, Function<String, OpenAiApi> clientForPath) {
        this.provider = provider;
        this.apiVersion = apiVersion;
        this.v1 = v1;
        this.clientForPath = clientForPath;
    }

    /** The completions path for this deployment (or the v1 path). */
    public String path(String deployment) {
        return v1 ? V1_PATH : "/openai/deployments/" + deployment + "/chat/completions?api-version=" + apiVersion;
    }

    @Override
    public OpenAiApi api(String model) {
        if (v1) {
            return clients.computeIfAbsent(V1_PATH, clientForPath);
        }
        if (!DEPLOYMENT.matcher(model).matches()) {
            throw new ProviderException(provider, ErrorKind.BAD_REQUEST,
                    provider + " deployment names are letters, digits, '.', '_' and '-'; got an invalid one");
        }
        if (clients.size() > MAX_CACHED_DEPLOYMENTS) {
            clients.clear();
        }
        return clients.computeIfAbsent(path(model), clientForPath);
    }

    @Override
    public String wireModel(String model) {
        return model;
    }

    @Override
    public void authenticate(HttpHeaders headers, String key) {
        headers.set("api-key", key);
    }
}

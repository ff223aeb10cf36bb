package org.aistudio.core.provider.openai.internal;

import java.net.URI;
import java.util.Map;

/** Where and how one flavour of the Chat Completions wire is called (OpenAI, Azure, compatible). */
public interface CompletionEndpoint {

    /**
     * The URL that serves this model (or deployment).
     *
     * @throws org.aistudio.core.provider.ProviderException when the model cannot name one
     */
    URI uri(String model);

    /** The {@code model} field of the body for this model (or deployment). */
    String wireModel(String model);

    /** Adds this key to the request, in the endpoint's own header. */
    void authenticate(Map<String, String> headers, String key);
}

package org.aistudio.core.provider.openai.internal;

import org.springframework.ai.openai.api.OpenAiApi;
import org.springframework.http.HttpHeaders;

/** Where and how one flavour of the Chat Completions wire is called (OpenAI, Azure, compatible). */
public interface CompletionEndpoint {

    /** The client whose completions path serves this model (or deployment). */
    OpenAiApi api(String model);

    /** The {@code model} field of the body for this model (or deployment). */
    String wireModel(String model);

    /** Adds this key to the request headers, in the endpoint's own header. */
    void authenticate(HttpHeaders headers, String key);
}

package org.aistudio.core.job;

import java.util.Objects;
import org.aistudio.core.catalog.ModelInfo;
import org.aistudio.core.provider.ChatProvider;
import org.aistudio.core.provider.ChatRequest;

/**
 * Everything a job needs to start: the rows to write, the model, and the provider call to make
 * (the provider may be a resilience wrapper with retries and fallbacks).
 */
public record StartRequest(NewJob job, ModelInfo model, ChatProvider provider, ChatRequest request) {

    public StartRequest {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(request, "request");
    }
}

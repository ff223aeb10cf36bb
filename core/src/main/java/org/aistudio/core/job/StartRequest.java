package org.aistudio.core.job;

import java.util.Objects;
import org.aistudio.core.catalog.ModelInfo;
import org.aistudio.core.provider.ChatProvider;
import org.aistudio.core.provider.ChatRequest;

/**
 * Everything a job needs to start: the rows to write, the model, and the provider call to make
 * (the provider may be a resilience wrapper with retries and fallbacks). The rows must name the
 * model, by its id and key.
 *
 * @param callProviderEarly call the provider while the rows are being written rather than after:
 *     the write's latency is then hidden behind the provider's. Nothing the provider sends reaches
 *     a client or the database before the rows are committed, and a start that is refused (rate
 *     limit, foreign conversation, database down) aborts the call; the price of a refusal is one
 *     aborted upstream request, so callers ask for it only when a refusal is unlikely.
 */
public record StartRequest(NewJob job, ModelInfo model, ChatProvider provider, ChatRequest request,
                           boolean callProviderEarly) {

    /** A start that writes the rows first and then calls the provider. */
    public StartRequest(NewJob job, ModelInfo model, ChatProvider provider, ChatRequest request) {
        this(job, model, provider, request, false);
    }

    public StartRequest {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(request, "request");
        if (job.modelId() != model.id() || !job.modelKey().equals(model.key())) {
            throw new IllegalArgumentException("the job's rows name model " + job.modelId() + " '" + job.modelKey()
                    + "', the request model " + model.id() + " '" + model.key() + "'");
        }
    }
}

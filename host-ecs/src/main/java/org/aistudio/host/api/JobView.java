package org.aistudio.host.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.serde.annotation.Serdeable;
import java.io.IOException;
import java.time.Instant;
import org.aistudio.core.job.Job;

/** {@code GET /api/jobs/{id}}: the contract's job fields. */
@Serdeable
public record JobView(String id, String status, String conversationId, String modelId, String partialContent,
                      UsageView usage, String errorMessage, Instant createdAt, Instant startedAt, Instant completedAt) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Token usage and cost of an ended job. */
    @Serdeable
    public record UsageView(long inputTokens, long outputTokens, long reasoningTokens, long totalTokens, double cost) {
    }

    static JobView of(Job job) {
        return new JobView(job.id().toString(), job.status().wireName(), job.conversationId(), job.modelKey(),
                job.partialContent() == null ? "" : job.partialContent(), usage(job.responseData()),
                job.errorMessage(), job.createdAt(), job.startedAt(), job.completedAt());
    }

    private static UsageView usage(String responseData) {
        if (responseData == null) {
            return null;
        }
        try {
            JsonNode data = MAPPER.readTree(responseData);
            JsonNode u = data.path("usage");
            return new UsageView(u.path("inputTokens").asLong(), u.path("outputTokens").asLong(),
                    u.path("reasoningTokens").asLong(), u.path("totalTokens").asLong(), data.path("cost").asDouble());
        } catch (IOException e) {
            return null;
        }
    }
}

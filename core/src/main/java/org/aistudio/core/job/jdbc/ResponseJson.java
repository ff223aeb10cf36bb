package org.aistudio.core.job.jdbc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.aistudio.core.job.JobOutcome;

/** The JSON written with a finished job: {@code response_data} and the assistant message's parts. */
final class ResponseJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ResponseJson() {
    }

    static String of(JobOutcome outcome) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("status", outcome.status().wireName());
        if (outcome.finishReason() != null) {
            node.put("finishReason", outcome.finishReason().uiName());
        }
        ObjectNode usage = node.putObject("usage");
        usage.put("inputTokens", outcome.usage().inputTokens());
        usage.put("outputTokens", outcome.usage().outputTokens());
        usage.put("reasoningTokens", outcome.usage().reasoningTokens());
        usage.put("totalTokens", outcome.usage().totalTokens());
        node.put("cost", outcome.cost());
        node.put("text", outcome.content());
        if (!outcome.reasoning().isEmpty()) {
            node.put("reasoning", outcome.reasoning());
        }
        return node.toString();
    }

    /** AI SDK UI message parts: reasoning first when there is any, then the text. */
    static String parts(JobOutcome outcome) {
        ArrayNode parts = MAPPER.createArrayNode();
        if (!outcome.reasoning().isEmpty()) {
            parts.addObject().put("type", "reasoning").put("text", outcome.reasoning());
        }
        parts.addObject().put("type", "text").put("text", outcome.content());
        return parts.toString();
    }
}

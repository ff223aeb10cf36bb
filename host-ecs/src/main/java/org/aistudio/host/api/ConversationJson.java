package org.aistudio.host.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.aistudio.core.conversation.Conversation;
import org.aistudio.core.conversation.StoredMessage;

/** Conversations as JSON, with each message's parts as the AI SDK UI message parts array. */
final class ConversationJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ConversationJson() {
    }

    static String list(List<Conversation> conversations) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode array = root.putArray("conversations");
        conversations.forEach(c -> head(array.addObject(), c));
        return root.toString();
    }

    static String one(Conversation c) {
        ObjectNode root = head(MAPPER.createObjectNode(), c);
        ArrayNode messages = root.putArray("messages");
        for (StoredMessage m : c.messages()) {
            ObjectNode node = messages.addObject();
            node.put("id", m.id());
            node.put("role", m.role());
            node.put("content", m.content());
            node.set("parts", parts(m.parts()));
            if ("assistant".equals(m.role())) {
                ObjectNode meta = node.putObject("metadata");
                meta.put("status", m.status());
                meta.put("finishReason", m.finishReason());
                if (m.jobId() != null) {
                    meta.put("jobId", m.jobId().toString());
                }
                ObjectNode usage = meta.putObject("usage");
                usage.put("inputTokens", m.inputTokens());
                usage.put("outputTokens", m.outputTokens());
                usage.put("reasoningTokens", m.reasoningTokens());
                meta.put("cost", m.cost());
            }
            node.put("createdAt", text(m.createdAt()));
        }
        return root.toString();
    }

    private static ObjectNode head(ObjectNode node, Conversation c) {
        node.put("id", c.id());
        node.put("title", c.title());
        node.put("modelId", c.modelKey());
        node.put("createdAt", text(c.createdAt()));
        node.put("updatedAt", text(c.updatedAt()));
        return node;
    }

    private static JsonNode parts(String json) {
        try {
            return json == null ? MAPPER.createArrayNode() : MAPPER.readTree(json);
        } catch (IOException e) {
            return MAPPER.createArrayNode();
        }
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}

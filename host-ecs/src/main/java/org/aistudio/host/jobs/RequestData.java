package org.aistudio.host.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import org.aistudio.core.catalog.ModelInfo;
import org.aistudio.core.provider.ChatOptions;

/** The {@code request_data} stored with a job: what was asked, never credentials. */
@Singleton
public class RequestData {

    private final ObjectMapper mapper = new ObjectMapper();

    String json(ChatAdmission.Chat chat, ModelInfo model, ChatOptions options) {
        ObjectNode node = mapper.createObjectNode();
        node.put("surface", chat.surface());
        node.put("modelKey", model.key());
        node.put("provider", model.provider());
        node.put("providerModelId", model.providerModelId());
        node.put("messageCount", chat.messages().size());
        ObjectNode o = node.putObject("options");
        if (options.maxTokens() != null) {
            o.put("maxTokens", options.maxTokens());
        }
        if (options.temperature() != null) {
            o.put("temperature", options.temperature());
        }
        if (options.reasoningEffort() != null) {
            o.put("reasoningEffort", options.reasoningEffort());
        }
        return node.toString();
    }
}

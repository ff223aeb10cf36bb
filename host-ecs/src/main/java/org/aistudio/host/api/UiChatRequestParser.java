package org.aistudio.host.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.aistudio.core.provider.ChatMessage;
import org.aistudio.core.provider.ChatOptions;
import org.aistudio.core.provider.Role;
import org.aistudio.host.error.ApiException;

/**
 * Reads and validates a UI chat body: malformed JSON is 400, valid JSON with invalid content is
 * 422 with a sentence naming the field. Text is cleaned of NUL and control characters before it
 * can be stored.
 */
@Singleton
public class UiChatRequestParser {

    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");
    private static final Set<String> TRIGGERS = Set.of("submit-message", "regenerate-message");
    private static final Set<String> EFFORTS = Set.of("minimal", "low", "medium", "high");

    private final ObjectMapper mapper = new ObjectMapper();
    private final int maxMessages;
    private final int maxChars;

    public UiChatRequestParser(@Value("${aistudio.limits.max-messages:200}") int maxMessages,
                               @Value("${aistudio.limits.max-message-chars:100000}") int maxChars) {
        this.maxMessages = maxMessages;
        this.maxChars = maxChars;
    }

    UiChatRequest parse(String body) {
        JsonNode root = readJson(body);
        if (!root.isObject()) {
            throw ApiException.invalid("The body must be a JSON object.");
        }
        String chatId = requiredText(root, "id");
        if (!ID.matcher(chatId).matches()) {
            throw ApiException.invalid("id must be 1 to 128 letters, digits, '-', '_', '.' or ':'.");
        }
        String model = requiredText(root, "modelId");
        String trigger = root.path("trigger").asText("submit-message");
        if (!TRIGGERS.contains(trigger)) {
            throw ApiException.invalid("trigger must be submit-message or regenerate-message.");
        }
        JsonNode messages = root.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw ApiException.invalid("messages must be a non-empty array.");
        }
        if (messages.size() > maxMessages) {
            throw ApiException.invalid("messages may hold at most " + maxMessages + " messages.");
        }
        List<ChatMessage> parsed = new ArrayList<>();
        String lastUserId = null;
        String lastUserParts = "[]";
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            Role role = role(m, i);
            String text = TextCleaner.clean(text(m, i));
            if (text.length() > maxChars) {
                throw ApiException.invalid("messages[" + i + "] is longer than " + maxChars + " characters.");
            }
            if (role == Role.USER) {
                lastUserId = m.path("id").asText("");
                lastUserParts = cleanParts(m.path("parts"));
            }
            if (!text.isEmpty()) {
                parsed.add(new ChatMessage(role, text));
            }
        }
        if (parsed.isEmpty() || lastUserId == null) {
            throw ApiException.invalid("messages must contain a user message with text.");
        }
        if (lastUserId.isEmpty() || !ID.matcher(lastUserId).matches()) {
            lastUserId = "user-" + java.util.UUID.randomUUID();
        }
        return new UiChatRequest(chatId, model, trigger, parsed, lastUserId, lastUserParts, options(root));
    }

    private JsonNode readJson(String body) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("The request body is empty; send a JSON object.");
        }
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("The request body is not valid JSON.");
        }
    }

    private static String requiredText(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw ApiException.invalid(field + " is required and must be a non-empty string.");
        }
        return node.asText();
    }

    private static Role role(JsonNode m, int i) {
        JsonNode role = m.get("role");
        if (role == null || !role.isTextual()) {
            throw ApiException.invalid("messages[" + i + "].role is required.");
        }
        try {
            return Role.fromWire(role.asText());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("messages[" + i + "].role must be system, user or assistant.");
        }
    }

    /** The text of a UI message: its text parts joined, or a plain {@code content} string. */
    private static String text(JsonNode m, int i) {
        JsonNode parts = m.get("parts");
        if (parts != null && parts.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : parts) {
                if ("text".equals(part.path("type").asText()) && part.path("text").isTextual()) {
                    sb.append(part.get("text").asText());
                }
            }
            return sb.toString();
        }
        JsonNode content = m.get("content");
        if (content != null && content.isTextual()) {
            return content.asText();
        }
        throw ApiException.invalid("messages[" + i + "] needs parts (an array) or content (a string).");
    }

    private String cleanParts(JsonNode parts) {
        ArrayNode out = mapper.createArrayNode();
        if (parts.isArray()) {
            for (JsonNode part : parts) {
                if ("text".equals(part.path("type").asText())) {
                    out.addObject().put("type", "text").put("text", TextCleaner.clean(part.path("text").asText("")));
                }
            }
        }
        return out.toString();
    }

    private static ChatOptions options(JsonNode root) {
        Integer maxTokens = null;
        if (root.hasNonNull("maxTokens")) {
            if (!root.get("maxTokens").canConvertToInt() || root.get("maxTokens").asInt() < 1) {
                throw ApiException.invalid("maxTokens must be a positive integer.");
            }
            maxTokens = root.get("maxTokens").asInt();
        }
        Double temperature = null;
        if (root.hasNonNull("temperature")) {
            double t = root.get("temperature").asDouble(-1);
            if (!root.get("temperature").isNumber() || t < 0 || t > 2) {
                throw ApiException.invalid("temperature must be a number from 0 to 2.");
            }
            temperature = t;
        }
        String effort = null;
        if (root.hasNonNull("reasoningEffort")) {
            effort = root.get("reasoningEffort").asText();
            if (!EFFORTS.contains(effort)) {
                throw ApiException.invalid("reasoningEffort must be minimal, low, medium or high.");
            }
        }
        return new ChatOptions(maxTokens, temperature, null, List.of(), effort);
    }
}

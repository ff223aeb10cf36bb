package org.aistudio.host.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.aistudio.core.provider.ChatMessage;
import org.aistudio.core.provider.ChatOptions;
import org.aistudio.core.provider.Role;
import org.aistudio.host.api.TextCleaner;

/**
 * Reads OpenAI's chat completion request. Unknown fields are ignored, as OpenAI-compatible servers
 * do; a known field with a wrong value is a 400 naming it in {@code param}; valid OpenAI this server
 * cannot honour (images, audio, tool messages) is a 422 naming it.
 */
@Singleton
public class OpenAiChatRequestParser {

    private static final Set<String> EFFORTS = Set.of("minimal", "low", "medium", "high");
    private static final Set<String> UNSUPPORTED_PARTS = Set.of("image_url", "input_audio", "file");
    private static final int MAX_STOP = 4;
    private static final int MAX_USER_CHARS = 256;

    private final ObjectMapper mapper = new ObjectMapper();
    private final int maxMessages;
    private final int maxChars;

    public OpenAiChatRequestParser(@Value("${aistudio.limits.max-messages:200}") int maxMessages,
                                   @Value("${aistudio.limits.max-message-chars:100000}") int maxChars) {
        this.maxMessages = maxMessages;
        this.maxChars = maxChars;
    }

    OpenAiChatRequest parse(String body) {
        JsonNode root = readJson(body);
        String model = root.get("model") == null || !root.get("model").isTextual() || root.get("model").asText().isBlank()
                ? fail("model", missingOr(root, "model"), "model is required and must be a non-empty string.")
                : root.get("model").asText();
        Messages messages = messages(root.get("messages"));
        boolean stream = bool(root, "stream");
        boolean includeUsage = streamOptions(root, stream);
        checkN(root);
        checkUser(root);
        return new OpenAiChatRequest(model, messages.parsed, messages.lastUserText, messages.lastUserParts,
                options(root), stream, includeUsage);
    }

    private JsonNode readJson(String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : mapper.readTree(body);
        } catch (JsonProcessingException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            throw OpenAiRequestException.invalid(null, "invalid_json",
                    "We could not parse the JSON body of your request: send a JSON object.");
        }
        return root;
    }

    private record Messages(List<ChatMessage> parsed, String lastUserText, String lastUserParts) {
    }

    private Messages messages(JsonNode messages) {
        if (messages == null || messages.isNull()) {
            fail("messages", "missing_required_parameter", "messages is required.");
        }
        if (!messages.isArray() || messages.isEmpty()) {
            fail("messages", "invalid_type", "messages must be a non-empty array.");
        }
        if (messages.size() > maxMessages) {
            fail("messages", "invalid_value", "messages may hold at most " + maxMessages + " messages.");
        }
        List<ChatMessage> parsed = new ArrayList<>();
        String lastUserText = null;
        String lastUserParts = "[]";
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String at = "messages[" + i + "]";
            if (!m.isObject()) {
                fail(at, "invalid_type", at + " must be an object.");
            }
            Role role = role(m.get("role"), at + ".role");
            String text = TextCleaner.clean(content(m.get("content"), at + ".content", role));
            if (text.length() > maxChars) {
                fail(at + ".content", "invalid_value", at + ".content is longer than " + maxChars + " characters.");
            }
            if (role == Role.USER) {
                lastUserText = text;
                ArrayNode parts = mapper.createArrayNode();
                parts.addObject().put("type", "text").put("text", text);
                lastUserParts = parts.toString();
            }
            if (!text.isEmpty()) {
                parsed.add(new ChatMessage(role, text));
            }
        }
        if (lastUserText == null || parsed.isEmpty()) {
            fail("messages", "invalid_value", "messages must contain a user message with text.");
        }
        return new Messages(parsed, lastUserText, lastUserParts);
    }

    private static Role role(JsonNode role, String param) {
        if (role == null || !role.isTextual()) {
            fail(param, "missing_required_parameter", param + " is required: system, developer, user or assistant.");
        }
        String value = role.asText().toLowerCase(Locale.ROOT);
        if (value.equals("tool") || value.equals("function")) {
            throw OpenAiRequestException.unsupported(param, "Tool and function messages are not supported here.");
        }
        try {
            return Role.fromWire(value);
        } catch (IllegalArgumentException e) {
            return fail(param, "invalid_value", param + " must be system, developer, user or assistant.");
        }
    }

    /** A string, or an array of content parts of which only text parts are supported. */
    private static String content(JsonNode content, String param, Role role) {
        if (content == null || content.isNull()) {
            // An assistant turn may carry no content (it called tools); every other turn needs one.
            return role == Role.ASSISTANT ? "" : fail(param, "missing_required_parameter", param + " is required.");
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            return fail(param, "invalid_type", param + " must be a string or an array of content parts.");
        }
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            String at = param + "[" + j + "]";
            String type = part.path("type").asText("");
            if (UNSUPPORTED_PARTS.contains(type)) {
                throw OpenAiRequestException.unsupported(at, "Content parts of type '" + type
                        + "' are not supported here; send text.");
            }
            if (!type.equals("text") && !type.equals("refusal")) {
                fail(at + ".type", "invalid_value", at + ".type must be 'text'.");
            }
            JsonNode value = part.get(type);
            if (value == null || !value.isTextual()) {
                fail(at + "." + type, "invalid_type", at + "." + type + " must be a string.");
            }
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(value.asText());
        }
        return text.toString();
    }

    private static boolean bool(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            fail(field, "invalid_type", field + " must be a boolean.");
        }
        return node.asBoolean();
    }

    private static boolean streamOptions(JsonNode root, boolean stream) {
        JsonNode options = root.get("stream_options");
        if (options == null || options.isNull()) {
            return false;
        }
        if (!options.isObject()) {
            fail("stream_options", "invalid_type", "stream_options must be an object.");
        }
        if (!stream) {
            fail("stream_options", "invalid_value", "stream_options is only allowed when stream is true.");
        }
        JsonNode include = options.get("include_usage");
        if (include != null && !include.isNull() && !include.isBoolean()) {
            fail("stream_options.include_usage", "invalid_type", "stream_options.include_usage must be a boolean.");
        }
        return include != null && include.asBoolean(false);
    }

    /** One answer per request: {@code n} other than 1 would be silently wrong, so it is refused. */
    private static void checkN(JsonNode root) {
        JsonNode n = root.get("n");
        if (n != null && !n.isNull() && !(n.isIntegralNumber() && n.asLong() == 1)) {
            fail("n", "unsupported_value", "n must be 1: this server generates one choice per request.");
        }
    }

    private static void checkUser(JsonNode root) {
        JsonNode user = root.get("user");
        if (user != null && !user.isNull() && (!user.isTextual() || user.asText().length() > MAX_USER_CHARS)) {
            fail("user", "invalid_value", "user must be a string of at most " + MAX_USER_CHARS + " characters.");
        }
    }

    private static ChatOptions options(JsonNode root) {
        Integer maxTokens = positiveInt(root, "max_completion_tokens");
        if (maxTokens == null) {
            maxTokens = positiveInt(root, "max_tokens");
        } else {
            positiveInt(root, "max_tokens"); // still validated
        }
        Double temperature = number(root, "temperature", 2);
        Double topP = number(root, "top_p", 1);
        String effort = null;
        JsonNode e = root.get("reasoning_effort");
        if (e != null && !e.isNull()) {
            if (!e.isTextual() || !EFFORTS.contains(e.asText())) {
                fail("reasoning_effort", "invalid_value", "reasoning_effort must be minimal, low, medium or high.");
            }
            effort = e.asText();
        }
        return new ChatOptions(maxTokens, temperature, topP, stop(root.get("stop")), effort);
    }

    private static Integer positiveInt(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 1) {
            fail(field, "invalid_value", field + " must be a positive integer.");
        }
        return node.asInt();
    }

    private static Double number(JsonNode root, String field, double max) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber() || node.asDouble() < 0 || node.asDouble() > max) {
            fail(field, "invalid_value", field + " must be a number from 0 to " + (int) max + ".");
        }
        return node.asDouble();
    }

    private static List<String> stop(JsonNode stop) {
        if (stop == null || stop.isNull()) {
            return List.of();
        }
        if (stop.isTextual()) {
            return List.of(stop.asText());
        }
        if (!stop.isArray() || stop.size() > MAX_STOP) {
            fail("stop", "invalid_value", "stop must be a string or an array of at most " + MAX_STOP + " strings.");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode s : stop) {
            if (!s.isTextual()) {
                fail("stop", "invalid_type", "stop must be a string or an array of at most " + MAX_STOP + " strings.");
            }
            values.add(s.asText());
        }
        return values;
    }

    private static String missingOr(JsonNode root, String field) {
        return root.get(field) == null || root.get(field).isNull() ? "missing_required_parameter" : "invalid_type";
    }

    private static <T> T fail(String param, String code, String message) {
        throw OpenAiRequestException.invalid(param, code, message);
    }
}

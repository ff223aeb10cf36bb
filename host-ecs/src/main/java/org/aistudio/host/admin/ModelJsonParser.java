package org.aistudio.host.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.aistudio.core.catalog.ModelDefinition;
import org.aistudio.host.error.ApiException;

/**
 * Reads a model body of the admin API. Malformed JSON is 400; a field of the wrong type or an
 * unknown field is 422 with a sentence that names it. Content rules (key pattern, provider,
 * prices, fallbacks) are {@code ModelRules}' job, for the API and the configuration alike.
 * PUT replaces the whole model: a field left out takes its default, as on POST.
 */
final class ModelJsonParser {

    static final Set<String> FIELDS = Set.of("key", "name", "provider", "providerModelId", "active", "maxTokens",
            "inputCostPer1k", "outputCostPer1k", "fallbacks", "roles", "reasoning", "firstTokenTimeoutMs",
            "idleTimeoutMs", "totalTimeoutMs");

    // Exact decimals: a price of 0.1 must not arrive as 0.1000000000000000055.
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private ModelJsonParser() {
    }

    /**
     * The definition in {@code body}; {@code pathKey} is the key of a PUT (null for a POST), which
     * the body may repeat but not change.
     */
    static ModelDefinition parse(String body, String pathKey) {
        JsonNode root = read(body);
        if (!root.isObject()) {
            throw ApiException.invalid("The body must be a JSON object.");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw ApiException.invalid("'" + printable(name) + "' is not a field of a model; the fields are "
                        + String.join(", ", FIELDS.stream().sorted().toList()) + ".");
            }
        }
        String key = text(root, "key");
        if (pathKey != null) {
            if (key != null && !key.equals(pathKey)) {
                throw ApiException.invalid("key must match the key in the path ('" + printable(pathKey)
                        + "'): a model cannot be renamed.");
            }
            key = pathKey;
        }
        return ModelDefinition.builder(key).name(text(root, "name")).provider(text(root, "provider"))
                .providerModelId(text(root, "providerModelId")).active(bool(root, "active", true))
                .maxTokens(integer(root, "maxTokens")).inputCostPer1k(decimal(root, "inputCostPer1k"))
                .outputCostPer1k(decimal(root, "outputCostPer1k")).fallbacks(strings(root, "fallbacks"))
                .roles(strings(root, "roles")).reasoning(bool(root, "reasoning", false))
                .firstTokenTimeoutMs(integer(root, "firstTokenTimeoutMs"))
                .idleTimeoutMs(integer(root, "idleTimeoutMs")).totalTimeoutMs(integer(root, "totalTimeoutMs"))
                .build();
    }

    private static JsonNode read(String body) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("The body is empty; send a model as a JSON object.");
        }
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("The body is not valid JSON.");
        }
    }

    private static JsonNode field(JsonNode root, String name) {
        JsonNode v = root.get(name);
        return v == null || v.isNull() ? null : v;
    }

    private static String text(JsonNode root, String name) {
        JsonNode v = field(root, name);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.invalid(name + " must be a string.");
        }
        return v.asText();
    }

    private static boolean bool(JsonNode root, String name, boolean fallback) {
        JsonNode v = field(root, name);
        if (v == null) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw ApiException.invalid(name + " must be true or false.");
        }
        return v.booleanValue();
    }

    private static Integer integer(JsonNode root, String name) {
        JsonNode v = field(root, name);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw ApiException.invalid(name + " must be a whole number up to " + Integer.MAX_VALUE + ".");
        }
        return v.intValue();
    }

    private static BigDecimal decimal(JsonNode root, String name) {
        JsonNode v = field(root, name);
        if (v == null) {
            return null;
        }
        if (!v.isNumber()) {
            throw ApiException.invalid(name + " must be a number.");
        }
        return v.decimalValue();
    }

    private static List<String> strings(JsonNode root, String name) {
        JsonNode v = field(root, name);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw ApiException.invalid(name + " must be an array of strings.");
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw ApiException.invalid(name + "[" + i + "] must be a string.");
            }
            values.add(v.get(i).asText());
        }
        return values;
    }

    private static String printable(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 60 ? clean : clean.substring(0, 57) + "...";
    }
}

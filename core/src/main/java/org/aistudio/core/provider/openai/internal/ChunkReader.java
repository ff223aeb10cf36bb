package org.aistudio.core.provider.openai.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.aistudio.core.provider.Usage;

/**
 * Reads one {@code chat.completion.chunk} straight from the bytes of its event with Jackson's
 * streaming parser, keeping only what becomes events: the deltas and finish reason of choice 0,
 * and the usage. Everything else is skipped unread.
 */
final class ChunkReader {

    private static final JsonFactory JSON = new JsonFactory();

    private ChunkReader() {
    }

    /**
     * The parts of one chunk that matter here.
     *
     * @param identified whether the event had any of a chunk's fields ({@code id}, {@code object},
     *     a choice or usage); OpenAI's in-stream {@code {"error": {...}}} has none
     */
    record Chunk(boolean identified, List<Choice> choices, Usage usage) {
    }

    /** One choice of index 0 (or without an index): its delta and finish reason. */
    record Choice(String reasoning, String text, String refusal, String finishReason) {
    }

    /**
     * @throws IOException when the bytes are not JSON, or not shaped like a chunk
     */
    static Chunk read(byte[] data, int offset, int length) throws IOException {
        try (JsonParser json = JSON.createParser(data, offset, length)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonParseException(json, "a chunk must be a JSON object");
            }
            boolean identified = false;
            List<Choice> choices = List.of();
            Usage usage = null;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                switch (field) {
                    case "id", "object" -> {
                        identified |= value != JsonToken.VALUE_NULL;
                        json.skipChildren();
                    }
                    case "choices" -> {
                        Choices read = choices(json, value);
                        identified |= read.count > 0;
                        choices = read.first;
                    }
                    case "usage" -> usage = usage(json, value);
                    default -> json.skipChildren();
                }
            }
            requireEnd(json, JsonToken.END_OBJECT);
            return new Chunk(identified || usage != null, choices, usage);
        }
    }

    /** How many choices the chunk had, and those of index 0. */
    private record Choices(int count, List<Choice> first) {
    }

    private static Choices choices(JsonParser json, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return new Choices(0, List.of());
        }
        require(json, value, JsonToken.START_ARRAY);
        int count = 0;
        List<Choice> first = List.of();
        for (JsonToken token = json.nextToken(); token != JsonToken.END_ARRAY; token = json.nextToken()) {
            count++;
            if (token == JsonToken.VALUE_NULL) {
                continue;
            }
            require(json, token, JsonToken.START_OBJECT);
            Choice choice = choice(json);
            if (choice != null) {
                first = first.isEmpty() ? List.of(choice) : append(first, choice);
            }
        }
        return new Choices(count, first);
    }

    private static List<Choice> append(List<Choice> choices, Choice choice) {
        List<Choice> more = new ArrayList<>(choices);
        more.add(choice);
        return more;
    }

    /** Reads one choice object; null when its index is not 0. */
    private static Choice choice(JsonParser json) throws IOException {
        long index = 0;
        Delta delta = Delta.NONE;
        String finishReason = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            switch (field) {
                case "index" -> index = value.isScalarValue() ? json.getValueAsLong(0) : skip(json, -1);
                case "finish_reason" -> finishReason = finishReason(json, value);
                case "delta" -> delta = delta(json, value);
                default -> json.skipChildren();
            }
        }
        requireEnd(json, JsonToken.END_OBJECT);
        return index == 0 ? new Choice(delta.reasoning, delta.text, delta.refusal, finishReason) : null;
    }

    private record Delta(String reasoning, String text, String refusal) {
        static final Delta NONE = new Delta(null, null, null);
    }

    /** A choice's delta; anything but an object is skipped. Content is read only as a string. */
    private static Delta delta(JsonParser json, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            json.skipChildren();
            return Delta.NONE;
        }
        String reasoning = null;
        String text = null;
        String refusal = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken token = json.nextToken();
            switch (field) {
                case "content" -> text = token == JsonToken.VALUE_STRING ? json.getText() : skipText(json);
                case "reasoning_content" -> reasoning = text(json, token);
                case "refusal" -> refusal = text(json, token);
                default -> json.skipChildren();
            }
        }
        requireEnd(json, JsonToken.END_OBJECT);
        return new Delta(reasoning, text, refusal);
    }

    private static Usage usage(JsonParser json, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        require(json, value, JsonToken.START_OBJECT);
        long input = 0;
        long output = 0;
        long reasoning = 0;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken token = json.nextToken();
            switch (field) {
                case "prompt_tokens" -> input = count(json, token);
                case "completion_tokens" -> output = count(json, token);
                case "completion_tokens_details" -> reasoning = reasoningTokens(json, token);
                default -> json.skipChildren();
            }
        }
        requireEnd(json, JsonToken.END_OBJECT);
        return new Usage(input, output, reasoning);
    }

    /** {@code reasoning_tokens} of {@code completion_tokens_details}; 0 when absent or not an object. */
    private static long reasoningTokens(JsonParser json, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            json.skipChildren();
            return 0;
        }
        long reasoning = 0;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken token = json.nextToken();
            if (field.equals("reasoning_tokens")) {
                reasoning = count(json, token);
            } else {
                json.skipChildren();
            }
        }
        requireEnd(json, JsonToken.END_OBJECT);
        return reasoning;
    }

    /** A token count; absent, null or negative counts are 0. */
    private static long count(JsonParser json, JsonToken value) throws IOException {
        if (!value.isScalarValue()) {
            json.skipChildren();
            return 0;
        }
        return Math.max(0, json.getValueAsLong(0));
    }

    /** A name or null; anything else is not OpenAI's wire. */
    private static String finishReason(JsonParser json, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        require(json, value, JsonToken.VALUE_STRING);
        return json.getText();
    }

    /** A string field: null when null, the text of any other scalar, and containers are skipped. */
    private static String text(JsonParser json, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        return value.isScalarValue() ? json.getText() : skipText(json);
    }

    private static String skipText(JsonParser json) throws IOException {
        json.skipChildren();
        return null;
    }

    private static long skip(JsonParser json, long result) throws IOException {
        json.skipChildren();
        return result;
    }

    private static void require(JsonParser json, JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new JsonParseException(json, "expected " + expected + " in a chunk, found " + actual);
        }
    }

    private static void requireEnd(JsonParser json, JsonToken expected) throws IOException {
        require(json, json.currentToken(), expected);
    }
}

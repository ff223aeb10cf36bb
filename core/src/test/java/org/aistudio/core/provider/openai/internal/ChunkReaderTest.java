package org.aistudio.core.provider.openai.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.aistudio.core.provider.ChatEvent;
import org.aistudio.core.provider.EventSink;
import org.aistudio.core.provider.FinishReason;
import org.aistudio.core.provider.RecordingListener;
import org.aistudio.core.provider.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkReaderTest {

    private static ChunkReader.Chunk read(String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return ChunkReader.read(bytes, 0, bytes.length);
    }

    @Test
    void reads_the_deltas_and_finish_reason_of_choice_zero() throws IOException {
        ChunkReader.Chunk chunk = read("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":["
                + "{\"delta\":{\"content\":\"caf\u00e9 \\u20ac\",\"reasoning_content\":\"hmm\",\"refusal\":null},"
                + "\"logprobs\":null,\"finish_reason\":\"stop\",\"index\":0}],\"usage\":null}");

        assertThat(chunk.identified()).isTrue();
        assertThat(chunk.choices()).containsExactly(new ChunkReader.Choice("hmm", "caf\u00e9 \u20ac", null, "stop"));
        assertThat(chunk.usage()).isNull();
    }

    @Test
    void skips_other_choices_structured_content_and_unknown_fields() throws IOException {
        ChunkReader.Chunk chunk = read("{\"id\":\"c1\",\"extra\":{\"a\":[1,{\"b\":2}]},\"choices\":["
                + "{\"index\":1,\"delta\":{\"content\":\"second\"}},"
                + "{\"delta\":{\"content\":[{\"type\":\"text\"}],\"refusal\":\"No.\",\"tool_calls\":[{}]},"
                + "\"content_filter_results\":{\"hate\":{\"filtered\":false}}}]}");

        assertThat(chunk.choices()).containsExactly(new ChunkReader.Choice(null, null, "No.", null));
    }

    @Test
    void reads_usage_with_reasoning_tokens_and_never_negative_counts() throws IOException {
        ChunkReader.Chunk chunk = read("{\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":7,"
                + "\"completion_tokens\":9,\"total_tokens\":16,\"prompt_tokens_details\":{\"cached_tokens\":0},"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":4,\"audio_tokens\":0}}}");
        ChunkReader.Chunk negative = read("{\"usage\":{\"prompt_tokens\":-1,\"completion_tokens\":null}}");

        assertThat(chunk.usage()).isEqualTo(new Usage(7, 9, 4));
        assertThat(chunk.choices()).isEmpty();
        assertThat(negative.usage()).isEqualTo(Usage.ZERO);
        assertThat(negative.identified()).as("usage alone makes a chunk").isTrue();
    }

    @Test
    void azures_prompt_filter_event_is_a_chunk_without_choices() throws IOException {
        ChunkReader.Chunk chunk = read("{\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\","
                + "\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":{}}]}");

        assertThat(chunk.identified()).isTrue();
        assertThat(chunk.choices()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"error\":{\"message\":\"The server had an error\",\"code\":\"server_error\"}}",
            "{}", "{\"id\":null,\"choices\":null,\"usage\":null}", "{\"choices\":[]}"})
    void an_event_without_a_chunks_fields_is_not_identified(String json) throws IOException {
        assertThat(read(json).identified()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"id\":\"chatcmpl-broken\",\"choices\":[{\"delta\":{\"content\":", "not json",
            "\"text\"", "[]", "null", "{\"choices\":{}}", "{\"choices\":[1]}", "{\"usage\":[]}",
            "{\"choices\":[{\"finish_reason\":{}}]}"})
    void what_is_not_a_chunk_fails_to_read(String json) {
        assertThatThrownBy(() -> read(json)).isInstanceOf(JsonProcessingException.class);
    }

    @ParameterizedTest
    @CsvSource({"stop, STOP", "length, LENGTH", "content_filter, CONTENT_FILTER", "tool_calls, TOOL_CALLS",
            "tool_call, TOOL_CALLS", "function_call, OTHER", "end_turn, OTHER"})
    void finish_reasons_map_to_the_common_ones(String upstream, FinishReason expected) {
        assertThat(ChunkTranslator.finishReason(upstream)).isEqualTo(expected);
    }

    @Test
    void the_translator_delivers_reasoning_then_text_then_refusal_then_usage_and_holds_the_finish() throws IOException {
        RecordingListener listener = new RecordingListener();
        ChunkTranslator translator = new ChunkTranslator(new EventSink(listener));

        boolean accepted = translator.accept(read("{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":"
                + "{\"content\":\"A\",\"reasoning_content\":\"R\",\"refusal\":\"F\"},\"finish_reason\":\"length\"}],"
                + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2}}"));
        boolean emptyReasonIgnored = translator.accept(read("{\"id\":\"c1\",\"choices\":[{\"delta\":{},"
                + "\"finish_reason\":\"\"}]}"));

        assertThat(accepted).isTrue();
        assertThat(emptyReasonIgnored).isTrue();
        assertThat(listener.events()).containsExactly(new ChatEvent.ReasoningDelta("R"), new ChatEvent.TextDelta("A"),
                new ChatEvent.TextDelta("F"), new ChatEvent.UsageReport(new Usage(1, 2, 0)));
        assertThat(translator.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(translator.accept(read("{\"error\":{}}"))).isFalse();
        assertThat(listener.events()).hasSize(4);
    }
}

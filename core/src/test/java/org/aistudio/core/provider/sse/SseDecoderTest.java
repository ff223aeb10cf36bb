package org.aistudio.core.provider.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SseDecoderTest {

    private final List<SseEvent> events = new ArrayList<>();
    private final SseDecoder decoder = new SseDecoder(events::add);

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n", "\r"})
    void every_line_ending_dispatches_events(String eol) {
        decoder.feed("data: one" + eol + eol + "data: two" + eol + eol);

        assertThat(events).extracting(SseEvent::data).containsExactly("one", "two");
    }

    @Test
    void crlf_split_across_buffers_is_one_line_ending() {
        feedBytes("data: one\r", "\n\r", "\ndata: two\r\n", "\r\n");

        assertThat(events).extracting(SseEvent::data).containsExactly("one", "two");
    }

    @Test
    void a_multi_byte_character_split_across_buffers_is_decoded_whole() {
        byte[] bytes = "data: caf\u00e9 \u20ac\n\n".getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            decoder.feed(ByteBuffer.wrap(new byte[] {b}));
        }

        assertThat(events).extracting(SseEvent::data).containsExactly("caf\u00e9 \u20ac");
    }

    @Test
    void several_data_lines_are_joined_with_newlines() {
        decoder.feed("data: {\"a\":\ndata:  1}\ndata\n\n");

        assertThat(events).extracting(SseEvent::data).containsExactly("{\"a\":\n 1}\n");
    }

    @Test
    void comments_and_unknown_fields_are_ignored() {
        decoder.feed(": keep-alive\n\n:another\nretry: 10\nfoo: bar\ndata: x\n\n");

        assertThat(events).containsExactly(new SseEvent("message", "x", ""));
    }

    @Test
    void event_type_and_id_are_read_and_the_id_persists() {
        decoder.feed("event: error\nid: 7\ndata: a\n\ndata: b\n\n");

        assertThat(events).containsExactly(new SseEvent("error", "a", "7"), new SseEvent("message", "b", "7"));
    }

    @Test
    void only_the_first_space_after_the_colon_is_removed() {
        decoder.feed("data:no-space\n\ndata:  two\n\n");

        assertThat(events).extracting(SseEvent::data).containsExactly("no-space", " two");
    }

    @Test
    void a_leading_byte_order_mark_is_skipped() {
        decoder.feed("\uFEFFdata: x\n\n");

        assertThat(events).extracting(SseEvent::data).containsExactly("x");
    }

    @Test
    void an_event_the_server_never_finished_is_dropped_at_the_end() {
        decoder.feed("data: whole\n\ndata: half");

        assertThat(decoder.end()).isTrue();
        assertThat(events).extracting(SseEvent::data).containsExactly("whole");
    }

    @Test
    void a_clean_end_reports_nothing_pending() {
        decoder.feed("data: whole\n\n");

        assertThat(decoder.end()).isFalse();
    }

    @Test
    void an_event_larger_than_the_bound_is_refused() {
        SseDecoder small = new SseDecoder(events::add, 16);

        assertThatThrownBy(() -> small.feed("data: 0123456789abcdefghij\n\n"))
                .isInstanceOf(SseFormatException.class)
                .hasMessageContaining("16 bytes");
    }

    @Test
    void keep_alive_comments_do_not_count_towards_the_bound() {
        SseDecoder small = new SseDecoder(events::add, 16);
        for (int i = 0; i < 100; i++) {
            small.feed(": keep-alive\n");
        }
        small.feed("data: ok\n\n");

        assertThat(events).extracting(SseEvent::data).containsExactly("ok");
    }

    private void feedBytes(String... parts) {
        for (String part : parts) {
            decoder.feed(ByteBuffer.wrap(part.getBytes(StandardCharsets.UTF_8)));
        }
    }
}

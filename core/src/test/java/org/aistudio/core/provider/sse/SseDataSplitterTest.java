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

class SseDataSplitterTest {

    private final List<String> data = new ArrayList<>();
    private final SseDataSplitter splitter = new SseDataSplitter(this::collect, 1024);

    private boolean collect(byte[] bytes, int offset, int length) {
        data.add(new String(bytes, offset, length, StandardCharsets.UTF_8));
        return true;
    }

    private void feed(String... parts) {
        for (String part : parts) {
            splitter.feed(ByteBuffer.wrap(part.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private void feedByteByByte(String text) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            splitter.feed(ByteBuffer.wrap(new byte[] {b}));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n", "\r"})
    void every_line_ending_dispatches_events(String eol) {
        feed("data: one" + eol + eol + "data: two" + eol + eol);

        assertThat(data).containsExactly("one", "two");
    }

    @Test
    void lines_split_across_buffers_are_joined() {
        feed("da", "ta: {\"a\"", ":1}\n", "\n", "data: {\"b\":2}\n\nda", "ta: x\n\n");

        assertThat(data).containsExactly("{\"a\":1}", "{\"b\":2}", "x");
    }

    @Test
    void every_byte_in_its_own_buffer_still_makes_whole_events() {
        feedByteByByte("data: {\"choices\":[]}\r\n\r\n: keep-alive\n\ndata: [DONE]\n\n");

        assertThat(data).containsExactly("{\"choices\":[]}", "[DONE]");
    }

    @Test
    void crlf_split_across_buffers_is_one_line_ending() {
        feed("data: one\r", "\n\r", "\ndata: two\r\n", "\r\n");

        assertThat(data).containsExactly("one", "two");
    }

    @Test
    void a_multi_byte_character_split_across_buffers_is_delivered_whole() {
        byte[] bytes = "data: caf\u00e9 \u20ac \ud83d\ude00\n\n".getBytes(StandardCharsets.UTF_8);
        int euro = "data: caf\u00e9 ".getBytes(StandardCharsets.UTF_8).length + 1;
        splitter.feed(ByteBuffer.wrap(bytes, 0, euro));
        splitter.feed(ByteBuffer.wrap(bytes, euro, bytes.length - euro));

        assertThat(data).containsExactly("caf\u00e9 \u20ac \ud83d\ude00");
    }

    @Test
    void comments_and_keep_alive_lines_are_skipped() {
        feed(": keep-alive\n\n:\n\n: OPENROUTER PROCESSING\ndata: x\n\n");

        assertThat(data).containsExactly("x");
    }

    @Test
    void fields_other_than_data_are_skipped() {
        feed("event: error\nid: 7\nretry: 10\ndatum: no\ndata: a\n\n");

        assertThat(data).containsExactly("a");
    }

    @Test
    void data_without_a_space_and_only_the_first_space_removed() {
        feed("data:no-space\n\ndata:  two\n\n");

        assertThat(data).containsExactly("no-space", " two");
    }

    @Test
    void several_data_lines_are_joined_with_newlines() {
        feed("data: {\"a\":\ndata:  1}\n\n");

        assertThat(data).containsExactly("{\"a\":\n 1}");
    }

    @Test
    void an_event_with_empty_data_is_not_dispatched() {
        feed("data:\n\ndata: \n\ndata\n\ndata: x\n\n");

        assertThat(data).containsExactly("x");
    }

    @Test
    void a_leading_byte_order_mark_is_skipped() {
        feed("\uFEFFdata: x\n\n");

        assertThat(data).containsExactly("x");
    }

    @Test
    void a_final_line_without_newline_is_truncation_and_is_dropped() {
        feed("data: whole\n\ndata: {\"choices\":[{\"finish_reason\":\"stop\"}]}");

        assertThat(splitter.end()).isTrue();
        assertThat(data).containsExactly("whole");
    }

    @Test
    void a_final_event_whose_lines_ended_is_dispatched_at_the_end() {
        feed("data: whole\n\ndata: [DONE]\n");

        assertThat(splitter.end()).isFalse();
        assertThat(data).containsExactly("whole", "[DONE]");
    }

    @Test
    void a_clean_end_reports_no_truncation() {
        feed("data: whole\n\n");

        assertThat(splitter.end()).isFalse();
        assertThat(data).containsExactly("whole");
    }

    @Test
    void a_direct_buffer_is_read_as_well() {
        byte[] bytes = "data: direct\n\n".getBytes(StandardCharsets.UTF_8);
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();

        splitter.feed(direct);

        assertThat(data).containsExactly("direct");
        assertThat(direct.hasRemaining()).isFalse();
    }

    @Test
    void a_whole_single_line_event_is_handed_over_from_the_fed_buffer() {
        byte[] fed = ": ping\n\ndata: {\"a\":1}\n\n".getBytes(StandardCharsets.UTF_8);
        List<byte[]> seen = new ArrayList<>();
        SseDataSplitter direct = new SseDataSplitter((bytes, offset, length) -> {
            seen.add(bytes);
            data.add(new String(bytes, offset, length, StandardCharsets.UTF_8));
            return true;
        }, 1024);

        direct.feed(fed, 0, fed.length);

        assertThat(data).containsExactly("{\"a\":1}");
        assertThat(seen.get(0)).isSameAs(fed);
    }

    @Test
    void a_data_line_waiting_for_its_blank_line_survives_the_reuse_of_its_buffer() {
        byte[] reused = "data: first\n".getBytes(StandardCharsets.UTF_8);
        splitter.feed(reused, 0, reused.length);
        java.util.Arrays.fill(reused, (byte) 'x');
        splitter.feed(ByteBuffer.wrap("\ndata: second\ndata: third\n".getBytes(StandardCharsets.UTF_8)));
        splitter.feed(ByteBuffer.wrap("\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(data).containsExactly("first", "second\nthird");
    }

    @Test
    void a_handler_that_stops_sees_nothing_more() {
        SseDataSplitter once = new SseDataSplitter((bytes, offset, length) -> {
            data.add(new String(bytes, offset, length, StandardCharsets.UTF_8));
            return false;
        }, 1024);

        once.feed(ByteBuffer.wrap("data: a\n\ndata: b\n\n".getBytes(StandardCharsets.UTF_8)));
        once.feed(ByteBuffer.wrap("data: c\n\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(data).containsExactly("a");
    }

    @Test
    void a_line_larger_than_the_bound_is_refused_even_across_buffers() {
        SseDataSplitter small = new SseDataSplitter(this::collect, 16);

        assertThatThrownBy(() -> {
            small.feed(ByteBuffer.wrap("data: 0123456".getBytes(StandardCharsets.UTF_8)));
            small.feed(ByteBuffer.wrap("789abcdefghij\n\n".getBytes(StandardCharsets.UTF_8)));
        }).isInstanceOf(SseFormatException.class).hasMessageContaining("16 bytes");
    }

    @Test
    void an_event_of_many_lines_larger_than_the_bound_is_refused() {
        SseDataSplitter small = new SseDataSplitter(this::collect, 16);

        assertThatThrownBy(() -> small.feed(ByteBuffer.wrap(
                "data: 0123456789\ndata: 0123456789\n\n".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(SseFormatException.class);
    }

    @Test
    void keep_alive_comments_do_not_count_towards_the_bound() {
        SseDataSplitter small = new SseDataSplitter(this::collect, 16);
        for (int i = 0; i < 100; i++) {
            small.feed(ByteBuffer.wrap(": keep-alive\n".getBytes(StandardCharsets.UTF_8)));
        }
        small.feed(ByteBuffer.wrap("data: ok\n\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(data).containsExactly("ok");
    }
}

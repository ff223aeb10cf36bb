package org.aistudio.core.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Flow;
import org.aistudio.core.job.EventLog;
import org.aistudio.core.job.JobEvent;
import org.aistudio.core.job.JobHeader;
import org.aistudio.core.job.JobStatus;
import org.aistudio.core.provider.FinishReason;
import org.aistudio.core.provider.Usage;
import org.junit.jupiter.api.Test;

class OpenAiChunkEncoderTest {

    static final JobHeader HEADER = new JobHeader(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), "c1",
            "msg-1", "demo", 1_700_000_000L);
    static final String HEAD = "{\"id\":\"chatcmpl-123e4567e89b12d3a456426614174000\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1700000000,\"model\":\"demo\",\"choices\":[";

    static final List<JobEvent> COMPLETED = List.of(
            new JobEvent.Reasoning("Think."),
            new JobEvent.Text("Hello"),
            new JobEvent.UsageUpdate(new Usage(1, 1, 0)),
            new JobEvent.Text(" \"world\"\n"),
            new JobEvent.Ended(JobStatus.COMPLETED, FinishReason.LENGTH, new Usage(3, 5, 2), BigDecimal.ONE, null, null));

    @Test
    void completed_job_streams_role_deltas_finish_reason_usage_and_done() {
        assertThat(encode(new OpenAiChunkEncoder(true), COMPLETED)).containsExactly(
                "id: 1\ndata: " + HEAD + choice("{\"role\":\"assistant\",\"content\":\"\"}", "null") + "],\"usage\":null}\n\n",
                "id: 2\ndata: " + HEAD + choice("{\"reasoning_content\":\"Think.\"}", "null") + "],\"usage\":null}\n\n",
                "id: 3\ndata: " + HEAD + choice("{\"content\":\"Hello\"}", "null") + "],\"usage\":null}\n\n",
                "id: 4\ndata: " + HEAD + choice("{\"content\":\" \\\"world\\\"\\n\"}", "null") + "],\"usage\":null}\n\n",
                "id: 5\ndata: " + HEAD + choice("{}", "\"length\"") + "],\"usage\":null}\n\n",
                "id: 6\ndata: " + HEAD + "],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":5,\"total_tokens\":8,"
                        + "\"completion_tokens_details\":{\"reasoning_tokens\":2}}}\n\n",
                "data: [DONE]\n\n");
    }

    @Test
    void without_include_usage_there_is_no_usage_field_and_no_usage_chunk() {
        List<String> frames = encode(new OpenAiChunkEncoder(false), COMPLETED);
        assertThat(frames).hasSize(6).noneMatch(f -> f.contains("usage"));
        assertThat(frames.get(4)).isEqualTo("id: 5\ndata: " + HEAD + choice("{}", "\"length\"") + "]}\n\n");
        assertThat(frames.get(5)).isEqualTo("data: [DONE]\n\n");
    }

    @Test
    void failed_job_ends_with_an_error_frame_and_no_done() {
        List<JobEvent> events = List.of(new JobEvent.Text("Part"),
                new JobEvent.Ended(JobStatus.FAILED, null, Usage.ZERO, null, "provider_unavailable",
                        "demo answered HTTP 503: overloaded"));
        assertThat(encode(new OpenAiChunkEncoder(true), events)).containsExactly(
                "id: 1\ndata: " + HEAD + choice("{\"role\":\"assistant\",\"content\":\"\"}", "null") + "],\"usage\":null}\n\n",
                "id: 2\ndata: " + HEAD + choice("{\"content\":\"Part\"}", "null") + "],\"usage\":null}\n\n",
                "id: 3\ndata: {\"error\":{\"message\":\"demo answered HTTP 503: overloaded\",\"type\":\"server_error\","
                        + "\"param\":null,\"code\":\"provider_unavailable\"}}\n\n");
    }

    @Test
    void rate_limited_failure_has_the_rate_limit_type() {
        List<String> frames = encode(new OpenAiChunkEncoder(false), List.of(
                new JobEvent.Ended(JobStatus.FAILED, null, null, null, "rate_limited", "slow down")));
        assertThat(frames.get(1)).isEqualTo("id: 2\ndata: {\"error\":{\"message\":\"slow down\","
                + "\"type\":\"rate_limit_error\",\"param\":null,\"code\":\"rate_limited\"}}\n\n");
    }

    @Test
    void cancelled_job_ends_with_a_cancelled_error_and_no_done() {
        List<String> frames = encode(new OpenAiChunkEncoder(false), List.of(new JobEvent.Text("Par"),
                new JobEvent.Ended(JobStatus.CANCELLED, null, null, null, null, null)));
        assertThat(frames).hasSize(3);
        assertThat(frames.get(2)).isEqualTo("id: 3\ndata: {\"error\":{\"message\":\"The answer was cancelled before it "
                + "was complete.\",\"type\":\"cancelled\",\"param\":null,\"code\":\"cancelled\"}}\n\n");
        assertThat(frames).noneMatch(f -> f.contains("[DONE]"));
    }

    @Test
    void a_job_without_a_finish_reason_still_finishes_with_stop() {
        List<String> frames = encode(new OpenAiChunkEncoder(false), List.of(
                new JobEvent.Ended(JobStatus.COMPLETED, null, null, null, null, null)));
        assertThat(frames.get(1)).contains("\"finish_reason\":\"stop\"");
    }

    @Test
    void replay_after_last_event_id_continues_with_the_same_numbers() {
        EventLog log = new EventLog(HEADER, System::nanoTime);
        COMPLETED.forEach(log::append);
        List<String> all = collect(log.publisher(() -> new OpenAiChunkEncoder(true), 0, 100));
        List<String> after3 = collect(log.publisher(() -> new OpenAiChunkEncoder(true), 3, 100));
        assertThat(all).hasSize(7);
        assertThat(after3).isEqualTo(all.subList(3, 7));
        assertThat(after3.get(0)).startsWith("id: 4\n");
    }

    @Test
    void overflow_is_an_unnumbered_error_telling_where_to_resume() {
        Frame frame = new OpenAiChunkEncoder(false).overflow(42);
        assertThat(frame.sequence()).isZero();
        assertThat(frame.text()).startsWith("data: {\"error\":{").contains("Last-Event-ID: 42")
                .contains("\"code\":\"stream_lagged\"").endsWith("\n\n");
    }

    static String choice(String delta, String finishReason) {
        return "{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finishReason + "}";
    }

    static List<String> encode(StreamEncoder encoder, List<JobEvent> events) {
        List<String> frames = new ArrayList<>();
        encoder.begin(HEADER, f -> frames.add(f.text()));
        events.forEach(e -> encoder.encode(e, f -> frames.add(f.text())));
        return frames;
    }

    static List<String> collect(Flow.Publisher<String> publisher) {
        List<String> frames = new ArrayList<>();
        publisher.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(String item) {
                frames.add(item);
            }

            @Override
            public void onError(Throwable t) {
                throw new AssertionError(t);
            }

            @Override
            public void onComplete() {
                frames.add("<complete>");
            }
        });
        assertThat(frames).last().isEqualTo("<complete>");
        return frames.subList(0, frames.size() - 1);
    }
}

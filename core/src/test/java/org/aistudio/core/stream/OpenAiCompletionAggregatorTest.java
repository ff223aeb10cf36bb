package org.aistudio.core.stream;

import static org.aistudio.core.stream.OpenAiChunkEncoderTest.COMPLETED;
import static org.aistudio.core.stream.OpenAiChunkEncoderTest.HEADER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.aistudio.core.job.JobEvent;
import org.aistudio.core.job.JobStatus;
import org.aistudio.core.provider.FinishReason;
import org.aistudio.core.provider.Usage;
import org.junit.jupiter.api.Test;

class OpenAiCompletionAggregatorTest {

    @Test
    void completed_job_is_one_chat_completion_with_reasoning_and_usage() {
        assertThat(OpenAiCompletionAggregator.bodyOf(HEADER, COMPLETED)).isEqualTo(
                "{\"id\":\"chatcmpl-123e4567e89b12d3a456426614174000\",\"object\":\"chat.completion\","
                        + "\"created\":1700000000,\"model\":\"demo\",\"choices\":[{\"index\":0,\"message\":"
                        + "{\"role\":\"assistant\",\"content\":\"Hello \\\"world\\\"\\n\",\"reasoning_content\":\"Think.\","
                        + "\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"length\"}],"
                        + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":5,\"total_tokens\":8,"
                        + "\"completion_tokens_details\":{\"reasoning_tokens\":2}}}");
    }

    @Test
    void no_reasoning_means_no_reasoning_content_field() {
        String body = OpenAiCompletionAggregator.bodyOf(HEADER, List.of(new JobEvent.Text("Hi"),
                new JobEvent.Ended(JobStatus.COMPLETED, FinishReason.STOP, new Usage(1, 1, 0), null, null, null)));
        assertThat(body).doesNotContain("reasoning_content").contains("\"content\":\"Hi\"")
                .contains("\"finish_reason\":\"stop\"");
    }

    @Test
    void failed_job_is_the_error_body() {
        JobEvent.Ended failed = new JobEvent.Ended(JobStatus.FAILED, null, null, null, "timeout", "timeout: no first token");
        OpenAiCompletionAggregator aggregator = new OpenAiCompletionAggregator();
        List<Frame> frames = new ArrayList<>();
        aggregator.begin(HEADER, frames::add);
        aggregator.encode(new JobEvent.Text("Hi"), frames::add);
        assertThat(frames).isEmpty();
        assertThat(aggregator.ended()).isNull();
        aggregator.encode(failed, frames::add);
        assertThat(aggregator.ended()).isEqualTo(failed);
        assertThat(aggregator.body()).isEqualTo("{\"error\":{\"message\":\"timeout: no first token\","
                + "\"type\":\"server_error\",\"param\":null,\"code\":\"timeout\"}}");
        assertThat(frames).extracting(Frame::text).containsExactly(aggregator.body());
    }

    @Test
    void a_job_that_has_not_ended_has_no_body() {
        assertThatThrownBy(() -> OpenAiCompletionAggregator.bodyOf(HEADER, List.of(new JobEvent.Text("Hi"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has not ended");
    }
}

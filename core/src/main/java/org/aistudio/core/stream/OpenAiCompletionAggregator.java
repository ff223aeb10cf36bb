package org.aistudio.core.stream;

import java.util.List;
import java.util.function.Consumer;
import org.aistudio.core.job.JobEvent;
import org.aistudio.core.job.JobHeader;
import org.aistudio.core.job.JobStatus;
import org.aistudio.core.provider.FinishReason;

/**
 * OpenAI's non-streaming answer: collects a job's events and, when the job ends, writes one
 * {@code chat.completion} object (or, for a job that did not complete, OpenAI's error body).
 *
 * <p>It is a {@link StreamEncoder} so that a host reads a job through the same log subscription as
 * a stream, without a thread waiting on it: the only frame it writes is the whole body, once the
 * job ended. Keep-alives are not part of the body; a host ignores every other frame.
 */
public final class OpenAiCompletionAggregator implements StreamEncoder {

    private final StringBuilder content = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private JobHeader header;
    private volatile JobEvent.Ended ended;
    private volatile String body;

    /** The body for a job's events read so far; they must end with {@link JobEvent.Ended}. */
    public static String bodyOf(JobHeader header, List<JobEvent> events) {
        OpenAiCompletionAggregator aggregator = new OpenAiCompletionAggregator();
        aggregator.begin(header, frame -> { });
        events.forEach(e -> aggregator.encode(e, frame -> { }));
        if (aggregator.ended() == null) {
            throw new IllegalArgumentException("job " + header.jobId() + " has not ended");
        }
        return aggregator.body();
    }

    @Override
    public void begin(JobHeader jobHeader, Consumer<Frame> out) {
        this.header = jobHeader;
    }

    @Override
    public void encode(JobEvent event, Consumer<Frame> out) {
        if (event instanceof JobEvent.Text text) {
            content.append(text.text());
        } else if (event instanceof JobEvent.Reasoning r) {
            reasoning.append(r.text());
        } else if (event instanceof JobEvent.Ended end) {
            String json = end.status() == JobStatus.COMPLETED ? completion(end) : OpenAiWire.errorBody(end);
            body = json;
            ended = end;
            out.accept(Frame.unnumbered(json));
        }
    }

    /** How the job ended, or null while it runs. */
    public JobEvent.Ended ended() {
        return ended;
    }

    /** The response body once the job ended ({@code chat.completion} or an error), else null. */
    public String body() {
        return body;
    }

    @Override
    public Frame overflow(long lastSequence) {
        // A reader that demands everything never lags; this is only the interface's due.
        return Frame.unnumbered(OpenAiWire.error("The answer could not be collected.", "server_error",
                "stream_lagged"));
    }

    private String completion(JobEvent.Ended end) {
        FinishReason reason = end.finishReason() == null ? FinishReason.OTHER : end.finishReason();
        StringBuilder sb = new StringBuilder(content.length() + reasoning.length() + 400).append("{\"id\":\"")
                .append(OpenAiWire.completionId(header.jobId())).append("\",\"object\":\"chat.completion\",\"created\":")
                .append(header.createdEpochSeconds()).append(",\"model\":");
        Json.quote(sb, header.modelKey()).append(",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":");
        Json.quote(sb, content.toString());
        if (!reasoning.isEmpty()) {
            Json.quote(sb.append(",\"reasoning_content\":"), reasoning.toString());
        }
        sb.append(",\"refusal\":null},\"logprobs\":null,\"finish_reason\":");
        Json.quote(sb, reason.openAiName()).append("}],\"usage\":");
        return OpenAiWire.usage(sb, end.usage()).append('}').toString();
    }
}

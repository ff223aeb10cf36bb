package org.aistudio.core.stream;

import java.util.function.Consumer;
import org.aistudio.core.job.JobEvent;
import org.aistudio.core.job.JobHeader;
import org.aistudio.core.job.JobStatus;
import org.aistudio.core.provider.FinishReason;

/**
 * OpenAI's streamed chat completion: {@code data: <chat.completion.chunk json>} frames, each with
 * an SSE {@code id} (its sequence number, so {@code Last-Event-ID} resumes as on the UI stream;
 * OpenAI's clients ignore {@code id:} lines as the SSE specification says).
 *
 * <ul>
 *   <li>The first chunk carries {@code delta.role = "assistant"} and an empty content, as OpenAI's does.</li>
 *   <li>Text travels as {@code delta.content}, reasoning as {@code delta.reasoning_content} (the
 *       name vLLM and DeepSeek use).</li>
 *   <li>A completed job ends with a chunk whose delta is empty and whose {@code finish_reason} is
 *       set, then, when {@code stream_options.include_usage} was asked, a chunk with
 *       {@code choices: []} and the usage, then {@code data: [DONE]}. With usage asked, every
 *       other chunk carries {@code "usage": null}, as OpenAI's do.</li>
 *   <li>A failed or cancelled job ends with {@code data: {"error": {...}}} and no {@code [DONE]}:
 *       a cut answer never looks like a finished one.</li>
 * </ul>
 */
public final class OpenAiChunkEncoder implements StreamEncoder {

    private static final Frame DONE = Frame.unnumbered("data: [DONE]\n\n");

    private final boolean includeUsage;
    private long sequence;
    private String prefix;
    private String suffix;

    /**
     * @param includeUsage whether the client asked for {@code stream_options.include_usage}
     */
    public OpenAiChunkEncoder(boolean includeUsage) {
        this.includeUsage = includeUsage;
    }

    @Override
    public void begin(JobHeader header, Consumer<Frame> out) {
        StringBuilder sb = new StringBuilder(160).append("{\"id\":\"").append(OpenAiWire.completionId(header.jobId()))
                .append("\",\"object\":\"chat.completion.chunk\",\"created\":").append(header.createdEpochSeconds())
                .append(",\"model\":");
        prefix = Json.quote(sb, header.modelKey()).append(",\"choices\":[").toString();
        suffix = includeUsage ? "],\"usage\":null}" : "]}";
        out.accept(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null));
    }

    @Override
    public void encode(JobEvent event, Consumer<Frame> out) {
        if (event instanceof JobEvent.Text text) {
            out.accept(chunk(delta("content", text.text()), null));
        } else if (event instanceof JobEvent.Reasoning reasoning) {
            out.accept(chunk(delta("reasoning_content", reasoning.text()), null));
        } else if (event instanceof JobEvent.Ended ended) {
            end(ended, out);
        }
    }

    private void end(JobEvent.Ended ended, Consumer<Frame> out) {
        if (ended.status() != JobStatus.COMPLETED) {
            out.accept(numbered(OpenAiWire.errorBody(ended)));
            return;
        }
        FinishReason reason = ended.finishReason() == null ? FinishReason.OTHER : ended.finishReason();
        out.accept(chunk("{}", reason.openAiName()));
        if (includeUsage) {
            StringBuilder usage = new StringBuilder(prefix.length() + 160).append(prefix).append("],\"usage\":");
            out.accept(numbered(OpenAiWire.usage(usage, ended.usage()).append('}')));
        }
        out.accept(DONE);
    }

    /** Unnumbered: the reader's last id stays that of the last real chunk, which is where it resumes. */
    @Override
    public Frame overflow(long lastSequence) {
        return Frame.unnumbered("data: " + OpenAiWire.error("This stream fell behind and was closed; the answer "
                + "goes on. Reconnect with Last-Event-ID: " + lastSequence + " to resume.", "server_error",
                "stream_lagged") + "\n\n");
    }

    private static String delta(String field, String text) {
        StringBuilder sb = new StringBuilder(text.length() + 24).append("{\"").append(field).append("\":");
        return Json.quote(sb, text).append('}').toString();
    }

    private Frame chunk(String delta, String finishReason) {
        StringBuilder sb = new StringBuilder(prefix.length() + delta.length() + 96).append(prefix)
                .append("{\"index\":0,\"delta\":").append(delta).append(",\"logprobs\":null,\"finish_reason\":");
        if (finishReason == null) {
            sb.append("null");
        } else {
            Json.quote(sb, finishReason);
        }
        return numbered(sb.append('}').append(suffix));
    }

    private Frame numbered(CharSequence json) {
        long id = ++sequence;
        StringBuilder sb = new StringBuilder(json.length() + 24).append("id: ").append(id).append("\ndata: ")
                .append(json).append("\n\n");
        return new Frame(id, sb.toString());
    }
}

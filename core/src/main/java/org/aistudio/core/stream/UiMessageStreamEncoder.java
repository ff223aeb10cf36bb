package org.aistudio.core.stream;

import java.util.function.Consumer;
import org.aistudio.core.job.JobEvent;
import org.aistudio.core.job.JobHeader;
import org.aistudio.core.job.JobStatus;
import org.aistudio.core.provider.Usage;

/**
 * The Vercel AI SDK UI message stream v1: {@code data: <part json>} frames, each with an SSE id
 * (the part's sequence number), ending with {@code data: [DONE]}. Parts carry only the fields of
 * the AI SDK schema; usage and the job id travel in {@code messageMetadata} of start and finish.
 *
 * <p>Completed jobs end with {@code finish} (with {@code finishReason}); failed jobs with
 * {@code error}; cancelled jobs with {@code abort}. A failed or cut answer is never a finish.
 */
public final class UiMessageStreamEncoder implements StreamEncoder {

    /** Response header that tells the AI SDK client which protocol the body speaks. */
    public static final String PROTOCOL_HEADER = "x-vercel-ai-ui-message-stream";
    public static final String PROTOCOL_VERSION = "v1";

    private static final String TEXT_ID = "text-1";
    private static final String REASONING_ID = "reasoning-1";
    private static final Frame DONE = Frame.unnumbered("data: [DONE]\n\n");

    private long sequence;
    private boolean textOpen;
    private boolean reasoningOpen;
    private JobHeader header;

    @Override
    public void begin(JobHeader header, Consumer<Frame> out) {
        this.header = header;
        StringBuilder start = new StringBuilder(160).append("{\"type\":\"start\",\"messageId\":");
        Json.quote(start, header.messageId()).append(",\"messageMetadata\":{\"jobId\":\"").append(header.jobId())
                .append("\",\"conversationId\":");
        Json.quote(start, header.conversationId()).append(",\"modelId\":");
        Json.quote(start, header.modelKey()).append(",\"createdAt\":").append(header.createdEpochSeconds()).append("}}");
        out.accept(part(start));
        out.accept(part(new StringBuilder("{\"type\":\"start-step\"}")));
    }

    @Override
    public void encode(JobEvent event, Consumer<Frame> out) {
        if (event instanceof JobEvent.Text text) {
            if (reasoningOpen) {
                closeReasoning(out);
            }
            if (!textOpen) {
                textOpen = true;
                out.accept(part(new StringBuilder("{\"type\":\"text-start\",\"id\":\"" + TEXT_ID + "\"}")));
            }
            out.accept(delta("text-delta", TEXT_ID, text.text()));
        } else if (event instanceof JobEvent.Reasoning reasoning) {
            if (!reasoningOpen) {
                reasoningOpen = true;
                out.accept(part(new StringBuilder("{\"type\":\"reasoning-start\",\"id\":\"" + REASONING_ID + "\"}")));
            }
            out.accept(delta("reasoning-delta", REASONING_ID, reasoning.text()));
        } else if (event instanceof JobEvent.Ended ended) {
            end(ended, out);
        }
    }

    private void end(JobEvent.Ended ended, Consumer<Frame> out) {
        if (reasoningOpen) {
            closeReasoning(out);
        }
        if (textOpen) {
            textOpen = false;
            out.accept(part(new StringBuilder("{\"type\":\"text-end\",\"id\":\"" + TEXT_ID + "\"}")));
        }
        if (ended.status() == JobStatus.COMPLETED) {
            out.accept(part(new StringBuilder("{\"type\":\"finish-step\"}")));
            StringBuilder finish = new StringBuilder(256).append("{\"type\":\"finish\",\"finishReason\":\"")
                    .append(ended.finishReason() == null ? "other" : ended.finishReason().uiName()).append("\",");
            out.accept(part(metadata(finish, ended).append('}')));
        } else if (ended.status() == JobStatus.CANCELLED) {
            out.accept(part(new StringBuilder("{\"type\":\"abort\"}")));
        } else {
            StringBuilder error = new StringBuilder(128).append("{\"type\":\"error\",\"errorText\":");
            String text = ended.errorMessage() == null ? "The answer failed." : ended.errorMessage();
            out.accept(part(Json.quote(error, text).append('}')));
        }
        out.accept(DONE);
    }

    private StringBuilder metadata(StringBuilder sb, JobEvent.Ended ended) {
        Usage u = ended.usage();
        sb.append("\"messageMetadata\":{\"jobId\":\"").append(header.jobId()).append("\",\"status\":\"")
                .append(ended.status().wireName()).append("\",\"usage\":{\"inputTokens\":").append(u.inputTokens())
                .append(",\"outputTokens\":").append(u.outputTokens()).append(",\"reasoningTokens\":")
                .append(u.reasoningTokens()).append(",\"totalTokens\":").append(u.totalTokens())
                .append("},\"cost\":").append(ended.cost().toPlainString()).append('}');
        return sb;
    }

    @Override
    public Frame overflow(long lastSequence) {
        StringBuilder error = new StringBuilder(200).append("{\"type\":\"error\",\"errorText\":");
        Json.quote(error, "This stream fell behind and was closed; the answer goes on. Reconnect with Last-Event-ID: "
                + lastSequence + " to resume.");
        return part(error.append('}'));
    }

    private void closeReasoning(Consumer<Frame> out) {
        reasoningOpen = false;
        out.accept(part(new StringBuilder("{\"type\":\"reasoning-end\",\"id\":\"" + REASONING_ID + "\"}")));
    }

    private Frame delta(String type, String id, String text) {
        StringBuilder sb = new StringBuilder(text.length() + 48).append("{\"type\":\"").append(type)
                .append("\",\"id\":\"").append(id).append("\",\"delta\":");
        return part(Json.quote(sb, text).append('}'));
    }

    private Frame part(CharSequence json) {
        long id = ++sequence;
        StringBuilder sb = new StringBuilder(json.length() + 24).append("id: ").append(id).append("\ndata: ")
                .append(json).append("\n\n");
        return new Frame(id, sb.toString());
    }
}

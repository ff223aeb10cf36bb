package org.aistudio.core.stream;

import java.util.UUID;
import org.aistudio.core.job.JobEvent;
import org.aistudio.core.job.JobStatus;
import org.aistudio.core.provider.Usage;

/**
 * The pieces of OpenAI's chat completion wire format that the chunk stream and the non-streaming
 * answer share: the completion id, the usage object and the error object.
 */
public final class OpenAiWire {

    /** The error {@code code} of a cancelled job. */
    public static final String CANCELLED = "cancelled";

    private OpenAiWire() {
    }

    /** The completion id of a job: {@code chatcmpl-} and the job id without dashes, the same on every replay. */
    public static String completionId(UUID jobId) {
        return "chatcmpl-" + jobId.toString().replace("-", "");
    }

    /** Appends {@code {"prompt_tokens", "completion_tokens", "total_tokens", "completion_tokens_details"}}. */
    static StringBuilder usage(StringBuilder sb, Usage u) {
        return sb.append("{\"prompt_tokens\":").append(u.inputTokens())
                .append(",\"completion_tokens\":").append(u.outputTokens())
                .append(",\"total_tokens\":").append(u.totalTokens())
                .append(",\"completion_tokens_details\":{\"reasoning_tokens\":").append(u.reasoningTokens())
                .append("}}");
    }

    /**
     * The error body of a job that did not complete: {@code {"error": {"message", "type", "param",
     * "code"}}}, as sent in the chunk stream and as the body of a non-streaming answer.
     */
    public static String errorBody(JobEvent.Ended ended) {
        if (ended.status() == JobStatus.COMPLETED) {
            throw new IllegalArgumentException("a completed job has no error");
        }
        if (ended.status() == JobStatus.CANCELLED) {
            return error("The answer was cancelled before it was complete.", CANCELLED, CANCELLED);
        }
        String code = errorCode(ended);
        String message = ended.errorMessage() == null ? "The answer failed." : ended.errorMessage();
        return error(message, errorType(code), code);
    }

    /** The stable code of a failed job's error, {@code failed} when it has none. */
    public static String errorCode(JobEvent.Ended ended) {
        if (ended.status() == JobStatus.CANCELLED) {
            return CANCELLED;
        }
        return ended.errorCode() == null ? "failed" : ended.errorCode();
    }

    /** OpenAI's error {@code type} for a failed job's code: whose fault it was, as far as a client cares. */
    public static String errorType(String code) {
        return switch (code) {
            case "rate_limited" -> "rate_limit_error";
            case "bad_request", "content_filter" -> "invalid_request_error";
            case CANCELLED -> CANCELLED;
            default -> "server_error";
        };
    }

    /** {@code {"error": {"message", "type", "param": null, "code"}}}. */
    public static String error(String message, String type, String code) {
        StringBuilder sb = new StringBuilder(message.length() + 96).append("{\"error\":{\"message\":");
        Json.quote(sb, message).append(",\"type\":");
        Json.quote(sb, type).append(",\"param\":null,\"code\":");
        return Json.quote(sb, code).append("}}").toString();
    }
}

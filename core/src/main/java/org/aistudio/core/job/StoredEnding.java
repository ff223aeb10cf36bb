package org.aistudio.core.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.Locale;
import org.aistudio.core.provider.FinishReason;
import org.aistudio.core.provider.Usage;

/** Rebuilds a job's final event from its stored row, for replays on any instance. */
final class StoredEnding {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StoredEnding() {
    }

    static JobEvent.Ended of(Job job) {
        JsonNode data = parse(job.responseData());
        Usage usage = Usage.ZERO;
        BigDecimal cost = BigDecimal.ZERO;
        FinishReason reason = null;
        if (data != null) {
            JsonNode u = data.path("usage");
            usage = new Usage(u.path("inputTokens").asLong(), u.path("outputTokens").asLong(),
                    u.path("reasoningTokens").asLong());
            cost = data.path("cost").isNumber() ? data.path("cost").decimalValue() : BigDecimal.ZERO;
            reason = finishReason(data.path("finishReason").asText(null));
        }
        String code = job.status() == JobStatus.FAILED ? errorCode(job.errorMessage()) : null;
        return new JobEvent.Ended(job.status(), reason, usage, cost, code, job.errorMessage());
    }

    private static String errorCode(String message) {
        if (message == null) {
            return "failed";
        }
        int colon = message.indexOf(':');
        return colon > 0 ? message.substring(0, colon).strip().toLowerCase(Locale.ROOT).replace(' ', '_') : "failed";
    }

    private static FinishReason finishReason(String ui) {
        if (ui == null) {
            return null;
        }
        for (FinishReason r : FinishReason.values()) {
            if (r.uiName().equals(ui)) {
                return r;
            }
        }
        return FinishReason.OTHER;
    }

    private static JsonNode parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            return MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}

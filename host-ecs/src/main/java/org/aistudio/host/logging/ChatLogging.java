package org.aistudio.host.logging;

import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.aistudio.core.catalog.ModelInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The log context of a chat request: who asks which model, then which job answers. Set on the
 * request's thread; the request's propagated MDC (see {@code RequestIdFilter}) is restored when
 * the request leaves the thread, so nothing leaks into the next request.
 */
public final class ChatLogging {

    private static final Logger LOG = LoggerFactory.getLogger(ChatLogging.class);

    private ChatLogging() {
    }

    /** The caller and the model are known. */
    public static void admitted(long userId, ModelInfo model) {
        MDC.put(LogContext.USER_ID, Long.toString(userId));
        MDC.put(LogContext.PROVIDER, model.provider());
        MDC.put(LogContext.MODEL_ID, model.key());
    }

    /** The job's rows are written and its provider called: one line per job start. */
    public static void started(UUID jobId, String surface) {
        MDC.put(LogContext.JOB_ID, jobId.toString());
        LOG.info("Job started ({} surface)", surface);
    }

    /**
     * {@link #started} for a job whose rows are written on another thread: the line carries this
     * thread's context as it is now (request, caller, model), and that thread's is put back after.
     */
    public static Consumer<UUID> startedElsewhere(String surface) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        return jobId -> {
            Map<String, String> previous = MDC.getCopyOfContextMap();
            MDC.setContextMap(context == null ? Map.of() : context);
            try {
                started(jobId, surface);
            } finally {
                MDC.setContextMap(previous == null ? Map.of() : previous);
            }
        };
    }
}

package org.aistudio.host.logging;

import java.util.HashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * The MDC keys of the contract's log fields, and a scope that sets some of them for a few lines
 * and puts back what was there before (engine threads are shared by every job).
 */
public final class LogContext {

    public static final String REQUEST_ID = "requestId";
    public static final String JOB_ID = "jobId";
    public static final String USER_ID = "userId";
    public static final String PROVIDER = "provider";
    public static final String MODEL_ID = "modelId";
    /** Milliseconds, written as a number in JSON. */
    public static final String DURATION = "duration";

    private LogContext() {
    }

    /** Sets {@code key, value, key, value...} (null values are skipped) until the scope closes. */
    public static Scope with(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs");
        }
        Map<String, String> previous = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            String key = (String) keysAndValues[i];
            Object value = keysAndValues[i + 1];
            if (value != null) {
                previous.put(key, MDC.get(key));
                MDC.put(key, value.toString());
            }
        }
        return new Scope(previous);
    }

    /** Restores the keys a {@link #with} call set. */
    public static final class Scope implements AutoCloseable {
        private final Map<String, String> previous;

        private Scope(Map<String, String> previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            previous.forEach((key, value) -> {
                if (value == null) {
                    MDC.remove(key);
                } else {
                    MDC.put(key, value);
                }
            });
        }
    }
}

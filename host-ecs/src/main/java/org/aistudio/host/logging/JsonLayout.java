package org.aistudio.host.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One JSON object a line, with the contract's fields: {@code timestamp} (ISO-8601, UTC),
 * {@code level} ({@code debug}, {@code info}, {@code warn}, {@code error}), {@code message},
 * {@code logger}, {@code thread}, the log context's {@code requestId}, {@code jobId},
 * {@code userId}, {@code provider}, {@code modelId} and {@code duration} (milliseconds, a number)
 * when set, and {@code error} ({@code name}, {@code message}, {@code stack}) when the line carries
 * an exception. Every message, exception text and context value passes through
 * {@link LogSanitizer} (the core sanitizer) first, so secrets and contact data never reach the log.
 */
public class JsonLayout extends LayoutBase<ILoggingEvent> {

    /** Context keys written as strings, in this order. */
    static final List<String> CONTEXT_KEYS = List.of(LogContext.REQUEST_ID, LogContext.JOB_ID, LogContext.USER_ID,
            LogContext.PROVIDER, LogContext.MODEL_ID);

    private final JsonFactory json = new JsonFactory();

    @Override
    public String doLayout(ILoggingEvent event) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
            g.writeStringField("level", level(event.getLevel()));
            g.writeStringField("message", LogSanitizer.message(event));
            g.writeStringField("logger", event.getLoggerName());
            g.writeStringField("thread", event.getThreadName());
            writeContext(g, event.getMDCPropertyMap());
            IThrowableProxy error = event.getThrowableProxy();
            if (error != null) {
                g.writeObjectFieldStart("error");
                g.writeStringField("name", error.getClassName());
                g.writeStringField("message", LogSanitizer.throwableMessage(error));
                g.writeStringField("stack", LogSanitizer.throwable(error));
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a log line could not be written as JSON", e);
        }
        return out.append(CoreConstants.LINE_SEPARATOR).toString();
    }

    private void writeContext(JsonGenerator g, Map<String, String> mdc) throws IOException {
        if (mdc == null || mdc.isEmpty()) {
            return;
        }
        for (String key : CONTEXT_KEYS) {
            String value = mdc.get(key);
            if (value != null) {
                g.writeStringField(key, LogSanitizer.text(value));
            }
        }
        String duration = mdc.get(LogContext.DURATION);
        if (duration != null) {
            try {
                g.writeNumberField(LogContext.DURATION, Long.parseLong(duration));
            } catch (NumberFormatException e) {
                // Only the host sets it, always as milliseconds; anything else is not a duration.
            }
        }
    }

    /** The contract's level names; trace is reported as debug. */
    static String level(Level level) {
        if (level.isGreaterOrEqual(Level.ERROR)) {
            return "error";
        }
        if (level.isGreaterOrEqual(Level.WARN)) {
            return "warn";
        }
        return level.isGreaterOrEqual(Level.INFO) ? "info" : "debug";
    }

    @Override
    public String getContentType() {
        return "application/json";
    }
}

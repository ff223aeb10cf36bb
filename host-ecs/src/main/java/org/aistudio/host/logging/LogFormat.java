package org.aistudio.host.logging;

import ch.qos.logback.core.PropertyDefinerBase;
import java.util.Locale;

/**
 * Chooses the console appender from {@code AISTUDIO_LOG_FORMAT}: {@code json} gives the
 * {@code JSON} appender (one object a line, for CloudWatch Logs); anything else, or nothing, the
 * human-readable {@code STDOUT} one. Used as a logback {@code <define>}, so a typo falls back to
 * text instead of silencing the log.
 */
public class LogFormat extends PropertyDefinerBase {

    public static final String VARIABLE = "AISTUDIO_LOG_FORMAT";
    public static final String JSON_APPENDER = "JSON";
    public static final String TEXT_APPENDER = "STDOUT";

    private String format;

    /** The configured format; when unset, the variable is read from the system properties, then the environment. */
    public void setFormat(String format) {
        this.format = format;
    }

    @Override
    public String getPropertyValue() {
        return appenderFor(format != null ? format : System.getProperty(VARIABLE, System.getenv(VARIABLE)));
    }

    static String appenderFor(String format) {
        if (format == null || format.isBlank()) {
            return TEXT_APPENDER;
        }
        String f = format.strip().toLowerCase(Locale.ROOT);
        return f.equals("json") ? JSON_APPENDER : TEXT_APPENDER;
    }
}

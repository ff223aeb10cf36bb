package org.aistudio.host.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import org.aistudio.core.sanitize.Sanitizer;

/**
 * The one sanitizing step of every log line, for any logback layout or encoder (the pattern
 * converters here, a JSON encoder): secrets, tokens, passwords, e-mail addresses and phone
 * numbers are replaced by markers, and over-long text is cut, so no request or response body is
 * ever logged whole.
 */
public final class LogSanitizer {

    /** Exception text, stack included: room for a deep stack, which is only useful whole. */
    public static final int MAX_THROWABLE_LENGTH = 32_768;

    private static final Sanitizer MESSAGES = Sanitizer.defaults();
    private static final Sanitizer THROWABLES = Sanitizer.builder().maxStringLength(MAX_THROWABLE_LENGTH).build();

    private LogSanitizer() {
    }

    /** The event's formatted message (arguments filled in), sanitized. */
    public static String message(ILoggingEvent event) {
        return text(event.getFormattedMessage());
    }

    /** Any text bound for a log line (a message, an MDC value), sanitized; null stays null. */
    public static String text(String text) {
        return MESSAGES.sanitizeText(text);
    }

    /** An exception's message alone, sanitized (e.g. a JSON log's {@code error.message}). */
    public static String throwableMessage(IThrowableProxy throwable) {
        return throwable == null ? null : text(throwable.getMessage());
    }

    /** An exception with its causes and stacks as logback prints them, sanitized; empty without one. */
    public static String throwable(IThrowableProxy throwable) {
        return throwable == null ? "" : stack(ThrowableProxyUtil.asString(throwable));
    }

    /** Already-rendered exception text, sanitized within the longer limit of stacks. */
    public static String stack(String renderedThrowable) {
        return THROWABLES.sanitizeText(renderedThrowable);
    }
}

package org.aistudio.host.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** {@code %msg} (and {@code %m}, {@code %message}) through the sanitizer; registered in {@code logback.xml}. */
public class SanitizingMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return LogSanitizer.message(event);
    }
}

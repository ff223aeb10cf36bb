package org.aistudio.host.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;

/**
 * {@code %ex} (and {@code %exception}, {@code %throwable}) through the sanitizer: exception
 * messages carry URLs with passwords, headers and provider answers. Its options ({@code %ex{short}},
 * evaluators) work as logback's own.
 */
public class SanitizingThrowableConverter extends ThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy throwable) {
        return LogSanitizer.stack(super.throwableProxyToString(throwable));
    }
}

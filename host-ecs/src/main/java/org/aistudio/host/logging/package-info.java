/**
 * Logging: every message and exception passes through the core sanitizer (logback converters for
 * the text format, {@code LogSanitizer} for any other layout); the JSON layout (one object a line,
 * the contract's fields), the choice of format ({@code AISTUDIO_LOG_FORMAT}) and the MDC keys the
 * host fills while it handles a chat.
 */
package org.aistudio.host.logging;

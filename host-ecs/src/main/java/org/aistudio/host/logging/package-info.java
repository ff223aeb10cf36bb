/**
 * Logging: the JSON layout (one object a line, the contract's fields, sanitized), the choice of
 * format ({@code AISTUDIO_LOG_FORMAT}) and the MDC keys the host fills while it handles a chat.
 */
package org.aistudio.host.logging;

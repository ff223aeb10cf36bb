/**
 * Logging through the core sanitizer: logback converters for the message and the exception of
 * every event, and the static functions any other layout or encoder calls to do the same.
 */
package org.aistudio.host.logging;

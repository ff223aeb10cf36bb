/**
 * Server-sent events read from a byte stream: a splitter that hands over the data of each event
 * as bytes, the way the SSE specification assembles it, and a
 * {@link java.util.concurrent.Flow.Subscriber} that plugs it into the JDK {@code HttpClient}.
 * Shared by the adapters whose providers stream SSE.
 */
package org.aistudio.core.provider.sse;

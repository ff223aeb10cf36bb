/**
 * Server-sent events read from a byte stream: a decoder that splits lines and assembles events
 * the way the SSE specification says, and a {@link java.util.concurrent.Flow.Subscriber} that
 * plugs it into the JDK {@code HttpClient}. Shared by the adapters whose providers stream SSE.
 */
package org.aistudio.core.provider.sse;

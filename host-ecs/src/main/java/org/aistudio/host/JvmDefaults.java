package org.aistudio.host;

import java.util.Properties;

/** JVM settings the host chooses for itself unless the operator set them (in {@code JAVA_OPTS}). */
final class JvmDefaults {

    /** Read by the JDK HTTP client when it is first used. */
    static final String HTTP_CLIENT_BUFFER = "jdk.httpclient.bufsize";
    /**
     * Every open upstream stream keeps one read buffer of the JDK HTTP client while it waits for
     * the next chunk: 16 KB by default, for chunks of a few hundred bytes. 2 KB took the heap of
     * 1000 open streams from 43 to 30 KB each, and 1 KB from 21.8 to 20.9 KB; a chunk that does
     * not fit is read in two parts.
     */
    static final String UPSTREAM_READ_BUFFER_BYTES = "1024";

    private JvmDefaults() {
    }

    /**
     * Call first thing in {@code main}, before any HTTP client exists.
     *
     * <p>The JDK client is not asked to resend POSTs on a connection that closed before answering
     * ({@code jdk.httpclient.enableAllMethodRetry}): the providers' retry policy does that, once
     * and at once, and counts it (see {@code RetryPolicy}), so that a chat request is never sent a
     * third time behind its back.
     */
    static void apply(Properties system) {
        setIfAbsent(system, HTTP_CLIENT_BUFFER, UPSTREAM_READ_BUFFER_BYTES);
    }

    private static void setIfAbsent(Properties system, String name, String value) {
        if (system.getProperty(name) == null) {
            system.setProperty(name, value);
        }
    }
}

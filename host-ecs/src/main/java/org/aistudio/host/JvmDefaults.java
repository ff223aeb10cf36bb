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

    /** Read by the JDK HTTP client when it is first used. */
    static final String RETRY_ON_CLOSED_CONNECTION = "jdk.httpclient.enableAllMethodRetry";

    private JvmDefaults() {
    }

    /**
     * Call first thing in {@code main}, before any HTTP client exists.
     *
     * <p>Upstream connections are kept alive between calls, and a server may close one while it is
     * idle in the pool. A request sent on it then fails before any byte of an answer came back;
     * the JDK client sends it again on a fresh connection, but only for idempotent methods unless
     * {@value #RETRY_ON_CLOSED_CONNECTION} is set, and chat completions are POSTs. Without it such
     * a call fails as a network error and costs a retry with backoff.
     */
    static void apply(Properties system) {
        setIfAbsent(system, HTTP_CLIENT_BUFFER, UPSTREAM_READ_BUFFER_BYTES);
        setIfAbsent(system, RETRY_ON_CLOSED_CONNECTION, "true");
    }

    private static void setIfAbsent(Properties system, String name, String value) {
        if (system.getProperty(name) == null) {
            system.setProperty(name, value);
        }
    }
}

package org.aistudio.host;

import java.util.Properties;

/** JVM settings the host chooses for itself unless the operator set them (in {@code JAVA_OPTS}). */
final class JvmDefaults {

    /** Read by the JDK HTTP client when it is first used. */
    static final String HTTP_CLIENT_BUFFER = "jdk.httpclient.bufsize";
    /**
     * Every open upstream stream keeps one read buffer of the JDK HTTP client while it waits for
     * the next chunk: 16 KB by default, for chunks of a few hundred bytes. 2 KB took the heap of
     * 1000 open streams from 43 to 30 KB each.
     */
    static final String UPSTREAM_READ_BUFFER_BYTES = "2048";

    private JvmDefaults() {
    }

    /** Call first thing in {@code main}, before any HTTP client exists. */
    static void apply(Properties system) {
        if (system.getProperty(HTTP_CLIENT_BUFFER) == null) {
            system.setProperty(HTTP_CLIENT_BUFFER, UPSTREAM_READ_BUFFER_BYTES);
        }
    }
}

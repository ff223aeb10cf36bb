package org.aistudio.host.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Runs logback with the production {@code logback.xml} (not the test one) and captures what its
 * console appender writes, while still echoing it to the real standard output.
 */
final class LogCapture implements AutoCloseable {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final PrintStream original = System.out;

    private LogCapture() {
    }

    /** Loads {@code logback.xml} of the main resources with these loggers at DEBUG and starts capturing. */
    static LogCapture production(List<String> debugLoggers) {
        LogCapture capture = new LogCapture();
        configure(LogCapture.class.getResource("/logback.xml"));
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        debugLoggers.forEach(name -> context.getLogger(name).setLevel(Level.DEBUG));
        System.setOut(new PrintStream(new Tee(capture.captured, capture.original), true, StandardCharsets.UTF_8));
        return capture;
    }

    synchronized String text() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        System.setOut(original);
        configure(LogCapture.class.getResource("/logback-test.xml"));
    }

    private static void configure(URL configuration) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(configuration);
        } catch (JoranException e) {
            throw new IllegalStateException("could not load " + configuration, e);
        }
    }

    private static final class Tee extends OutputStream {
        private final ByteArrayOutputStream copy;
        private final OutputStream out;

        Tee(ByteArrayOutputStream copy, OutputStream out) {
            this.copy = copy;
            this.out = out;
        }

        @Override
        public void write(int b) {
            synchronized (copy) {
                copy.write(b);
            }
            try {
                out.write(b);
            } catch (java.io.IOException ignored) {
                // the echo is a courtesy
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (copy) {
                copy.write(b, off, len);
            }
            try {
                out.write(b, off, len);
            } catch (java.io.IOException ignored) {
                // the echo is a courtesy
            }
        }
    }
}

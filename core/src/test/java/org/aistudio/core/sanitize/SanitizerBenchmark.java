package org.aistudio.core.sanitize;

import java.util.List;
import java.util.Locale;

/**
 * Prints how long {@link Sanitizer#sanitizeText(String)} takes on typical and secret-laden log lines,
 * as a ratio to lower-casing the same lines in the same run (a baseline every logger pays in some form).
 * Run it by hand: it is a {@code main}, not a test, and asserts nothing.
 */
public final class SanitizerBenchmark {

    private static final int WARM_UP = 200_000;
    private static final int MEASURED = 1_000_000;

    private static final List<String> SECRET_LINES = List.of(
        "login failed for jane@example.com password=hunter2 from +14155552671",
        "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        "connecting to postgres://app:s3cr3t@db.example.com:5432/app with sk-proj-Ab3dEf6hIj9kLmN0pQrStUvWxYz12");

    private SanitizerBenchmark() {
    }

    public static void main(String[] args) {
        Sanitizer sanitizer = Sanitizer.defaults();
        List<String> typical = SanitizeTextVolumeTest.TYPICAL_LINES;
        run(typical, sanitizer, WARM_UP);
        double baseline = baseline(typical);
        double clean = run(typical, sanitizer, MEASURED);
        run(SECRET_LINES, sanitizer, WARM_UP);
        double secrets = run(SECRET_LINES, sanitizer, MEASURED);
        System.out.printf(Locale.ROOT, "typical lines: %.1fx lower-casing%n", clean / baseline);
        System.out.printf(Locale.ROOT, "lines with secrets: %.1fx lower-casing%n", secrets / baseline);
    }

    private static double baseline(List<String> lines) {
        long sink = 0;
        for (int i = 0; i < WARM_UP; i++) {
            sink += lines.get(i % lines.size()).toLowerCase(Locale.ROOT).length();
        }
        long start = System.nanoTime();
        for (int i = 0; i < MEASURED; i++) {
            sink += lines.get(i % lines.size()).toLowerCase(Locale.ROOT).length();
        }
        long elapsed = System.nanoTime() - start;
        return consume(elapsed, sink);
    }

    private static double run(List<String> lines, Sanitizer sanitizer, int iterations) {
        long sink = 0;
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            sink += sanitizer.sanitizeText(lines.get(i % lines.size())).length();
        }
        long elapsed = System.nanoTime() - start;
        return consume(elapsed, sink);
    }

    /** Uses the sink so the JIT cannot drop the measured work. */
    private static double consume(long elapsed, long sink) {
        return sink == Long.MIN_VALUE ? -1 : elapsed;
    }
}

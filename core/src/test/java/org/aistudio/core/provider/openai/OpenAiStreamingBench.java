package org.aistudio.core.provider.openai;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.aistudio.core.provider.ChatEvent;
import org.aistudio.core.provider.ChatListener;
import org.aistudio.core.provider.ChatMessage;
import org.aistudio.core.provider.ChatProvider;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.CredentialSource;
import org.aistudio.fixtures.upstream.FakeUpstreamMain;

/**
 * Measures what one streamed OpenAI call costs the host: how long {@code stream(...)} blocks its
 * caller, the time to the first text event, and the process CPU time per stream, for sequential and
 * concurrent streams. Not a test (surefire does not pick it up); speed is never asserted.
 *
 * <p>The fake upstream ({@link FakeUpstreamMain}) runs in a child JVM so that the CPU time measured
 * here is the client's alone. Each round also streams the same answers through a bare JDK
 * {@link HttpClient} that only counts bytes: the transport floor, printed as a baseline so that
 * numbers from different runs can be compared as ratios.
 *
 * <pre>
 * ./mvnw -B -q -pl core -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp \
 *     -Dmdep.includeScope=test
 * java -cp core/target/test-classes:core/target/classes:$(cat core/target/bench.cp) \
 *     org.aistudio.core.provider.openai.OpenAiStreamingBench [--streams 200] [--chunks 30] [--rounds 3] [--warmup 600]
 * </pre>
 */
public final class OpenAiStreamingBench {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ChatRequest REQUEST = ChatRequest.of("gpt-4o-mini", ChatMessage.user("Say hello"));
    private static final String RAW_BODY = "{\"messages\":[{\"content\":\"Say hello\",\"role\":\"user\"}],"
            + "\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}";

    private final int streams;
    private final LongSupplier cpu = processCpu();

    private OpenAiStreamingBench(int streams) {
        this.streams = streams;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> flags = flags(args);
        int streams = Integer.parseInt(flags.getOrDefault("streams", "200"));
        int chunks = Integer.parseInt(flags.getOrDefault("chunks", "30"));
        int rounds = Integer.parseInt(flags.getOrDefault("rounds", "3"));
        int warmup = Integer.parseInt(flags.getOrDefault("warmup", "600"));
        Process upstream = startUpstream(chunks);
        try {
            String baseUrl = awaitBaseUrl(upstream);
            run(new OpenAiStreamingBench(streams), baseUrl, rounds, warmup);
        } finally {
            upstream.destroy();
            upstream.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void run(OpenAiStreamingBench bench, String baseUrl, int rounds, int warmup) throws Exception {
        ChatProvider provider = new OpenAiChatProvider(OpenAiConfig.builder().baseUrl(baseUrl + "/v1")
                .credentials(CredentialSource.of(Map.of(OpenAiConfig.DEFAULT_CREDENTIAL_NAME, "sk-bench-key")))
                .build());
        Raw raw = new Raw(URI.create(baseUrl + "/v1/chat/completions"));
        System.out.printf(Locale.ROOT, "warming up with %d streams%n", warmup);
        for (int i = 0; i < warmup / 2; i++) {
            bench.one(provider);
            raw.one();
        }
        bench.concurrent("warm-up", provider::stream);
        bench.concurrent("warm-up", raw::stream);
        List<Result> results = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            results.add(bench.sequential("raw-jdk sequential", raw::stream));
            results.add(bench.sequential("provider sequential", provider::stream));
            results.add(bench.concurrent("raw-jdk concurrent", raw::stream));
            results.add(bench.concurrent("provider concurrent", provider::stream));
        }
        System.out.println();
        System.out.println("median of " + rounds + " rounds, " + bench.streams + " streams each:");
        System.out.println(Result.HEADER);
        for (String name : List.of("raw-jdk sequential", "provider sequential", "raw-jdk concurrent",
                "provider concurrent")) {
            System.out.println(Result.median(name, results));
        }
        Result rawConcurrent = Result.median("raw-jdk concurrent", results);
        Result providerConcurrent = Result.median("provider concurrent", results);
        Result rawSequential = Result.median("raw-jdk sequential", results);
        Result providerSequential = Result.median("provider sequential", results);
        System.out.printf(Locale.ROOT, "provider/raw-jdk: sequential ttft p50 %.2fx, cpu/stream %.2fx; "
                        + "concurrent ttft p50 %.2fx, cpu/stream %.2fx%n",
                ratio(providerSequential.ttftP50, rawSequential.ttftP50),
                ratio(providerSequential.cpuPerStream, rawSequential.cpuPerStream),
                ratio(providerConcurrent.ttftP50, rawConcurrent.ttftP50),
                ratio(providerConcurrent.cpuPerStream, rawConcurrent.cpuPerStream));
    }

    /** Starts a stream the way a {@link ChatProvider} does. */
    @FunctionalInterface
    private interface Starter {
        void start(ChatRequest request, ChatListener listener);
    }

    private void one(ChatProvider provider) {
        Timing timing = new Timing(System.nanoTime());
        provider.stream(REQUEST, timing);
        timing.await();
    }

    private Result sequential(String name, Starter starter) {
        long[] returned = new long[streams];
        long[] firstText = new long[streams];
        long cpuBefore = cpu.getAsLong();
        long wallBefore = System.nanoTime();
        for (int i = 0; i < streams; i++) {
            Timing timing = new Timing(System.nanoTime());
            starter.start(REQUEST, timing);
            returned[i] = System.nanoTime() - timing.started;
            timing.await();
            firstText[i] = timing.firstText - timing.started;
        }
        return print(new Result(name, returned, firstText, firstText, cpu.getAsLong() - cpuBefore,
                System.nanoTime() - wallBefore, streams));
    }

    private Result concurrent(String name, Starter starter) {
        long[] returned = new long[streams];
        Timing[] timings = new Timing[streams];
        long cpuBefore = cpu.getAsLong();
        long wallBefore = System.nanoTime();
        for (int i = 0; i < streams; i++) {
            timings[i] = new Timing(System.nanoTime());
            starter.start(REQUEST, timings[i]);
            returned[i] = System.nanoTime() - timings[i].started;
        }
        long[] firstText = new long[streams];
        long[] sinceBurst = new long[streams];
        for (int i = 0; i < streams; i++) {
            timings[i].await();
            firstText[i] = timings[i].firstText - timings[i].started;
            sinceBurst[i] = timings[i].firstText - wallBefore;
        }
        return print(new Result(name, returned, firstText, sinceBurst, cpu.getAsLong() - cpuBefore,
                System.nanoTime() - wallBefore, streams));
    }

    private static Result print(Result result) {
        if (!result.name.equals("warm-up")) {
            System.out.println(result);
        }
        return result;
    }

    private static double ratio(double a, double b) {
        return b == 0 ? Double.NaN : a / b;
    }

    /** Records when the first text arrived and waits for a successful end. */
    private static final class Timing implements ChatListener {
        final long started;
        volatile long firstText;
        volatile ChatEvent terminal;
        private final CountDownLatch ended = new CountDownLatch(1);

        Timing(long started) {
            this.started = started;
        }

        @Override
        public void onEvent(ChatEvent event) {
            if (firstText == 0 && event instanceof ChatEvent.TextDelta) {
                firstText = System.nanoTime();
            }
            if (event.terminal()) {
                terminal = event;
                ended.countDown();
            }
        }

        void await() {
            try {
                if (!ended.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("a stream did not end within " + WAIT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (!(terminal instanceof ChatEvent.Finished) || firstText == 0) {
                throw new IllegalStateException("a stream did not finish with text: " + terminal);
            }
        }
    }

    /** The transport floor: the same request on a bare JDK client, body bytes only counted. */
    private static final class Raw {
        private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        private final HttpRequest request;

        Raw(URI uri) {
            this.request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer sk-bench-key")
                    .POST(HttpRequest.BodyPublishers.ofString(RAW_BODY)).build();
        }

        void one() {
            Timing timing = new Timing(System.nanoTime());
            stream(REQUEST, timing);
            timing.await();
        }

        void stream(ChatRequest ignored, ChatListener listener) {
            CompletableFuture<HttpResponse<Void>> response = client.sendAsync(request,
                    HttpResponse.BodyHandlers.ofByteArrayConsumer(bytes -> {
                        if (bytes.isPresent()) {
                            listener.onEvent(new ChatEvent.TextDelta("bytes"));
                        } else {
                            listener.onEvent(new ChatEvent.Finished(org.aistudio.core.provider.FinishReason.STOP));
                        }
                    }));
            response.exceptionally(error -> {
                listener.onEvent(new ChatEvent.Cancelled());
                return null;
            });
        }
    }

    /**
     * Microseconds, but for the wall time. {@code burst} times count from the start of the whole
     * batch: under a burst, a {@code stream(...)} that returns sooner starts its clock sooner too.
     */
    private record Result(String name, double returnP50, double returnP99, double ttftP50, double ttftP99,
                          double burstP50, double burstP99, double cpuPerStream, double wallMs) {

        static final String HEADER = String.format(Locale.ROOT, "%-22s %12s %12s %12s %12s %12s %12s %14s %10s",
                "", "return p50", "return p99", "ttft p50", "ttft p99", "burst p50", "burst p99", "cpu/stream",
                "wall");

        Result(String name, long[] returned, long[] firstText, long[] sinceBurst, long cpuNanos, long wallNanos,
               int streams) {
            this(name, percentile(returned, 50), percentile(returned, 99), percentile(firstText, 50),
                    percentile(firstText, 99), percentile(sinceBurst, 50), percentile(sinceBurst, 99),
                    cpuNanos / 1000.0 / streams, wallNanos / 1e6);
        }

        static Result median(String name, List<Result> results) {
            List<Result> mine = results.stream().filter(r -> r.name.equals(name)).toList();
            return new Result(name, median(mine, Result::returnP50), median(mine, Result::returnP99),
                    median(mine, Result::ttftP50), median(mine, Result::ttftP99), median(mine, Result::burstP50),
                    median(mine, Result::burstP99), median(mine, Result::cpuPerStream), median(mine, Result::wallMs));
        }

        private static double median(List<Result> results, java.util.function.ToDoubleFunction<Result> metric) {
            double[] values = results.stream().mapToDouble(metric).sorted().toArray();
            return values.length == 0 ? Double.NaN : values[values.length / 2];
        }

        /** In microseconds. */
        private static double percentile(long[] nanos, int p) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            int index = Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1);
            return sorted[Math.max(0, index)] / 1000.0;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT,
                    "%-22s %10.0fus %10.0fus %10.0fus %10.0fus %10.0fus %10.0fus %12.0fus %8.0fms",
                    name, returnP50, returnP99, ttftP50, ttftP99, burstP50, burstP99, cpuPerStream, wallMs);
        }
    }

    private static LongSupplier processCpu() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun::getProcessCpuTime;
        }
        throw new IllegalStateException("this JVM does not report process CPU time");
    }

    private static Process startUpstream(int chunks) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                FakeUpstreamMain.class.getName(), "--port", "0", "--chunks", Integer.toString(chunks),
                "--delay-ms", "0", "--chunk-text", "tok ")
                .redirectErrorStream(true)
                .start();
    }

    private static String awaitBaseUrl(Process upstream) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(upstream.getInputStream(), StandardCharsets.UTF_8));
        String marker = "fake upstream listening on ";
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            int at = line.indexOf(marker);
            if (at >= 0) {
                String rest = line.substring(at + marker.length());
                String url = rest.split(" ")[0];
                Thread drain = new Thread(() -> drain(out), "bench-upstream-output");
                drain.setDaemon(true);
                drain.start();
                return url;
            }
        }
        throw new IllegalStateException("the fake upstream exited before listening");
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // The child's log is not needed; reading keeps its pipe from filling up.
            }
        } catch (IOException e) {
            // The child is gone.
        }
    }

    private static Map<String, String> flags(String[] args) {
        Map<String, String> flags = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
            }
            flags.put(args[i].substring(2), args[i + 1]);
        }
        return flags;
    }
}

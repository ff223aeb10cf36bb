package org.aistudio.host.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.aistudio.core.job.JobObserver;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.fixtures.db.TestDatabase;
import org.aistudio.fixtures.upstream.FakeCloudWatch;
import org.aistudio.fixtures.upstream.MetricDatum;
import org.aistudio.host.support.ChatBodies;
import org.aistudio.host.support.Http;
import org.aistudio.host.support.RunningHost;
import org.aistudio.host.support.SseStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The CloudWatch export against a local stand-in that records PutMetricData: one completed and
 * one failed chat arrive under the operations guide's names, namespace and dimensions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloudWatchExportTest {

    private static final Set<String> GUIDE_NAMES = Set.of("JobsCreated", "JobsCompleted", "JobsFailed",
            "JobsCancelled", "ProcessingLatencyMs", "TimeToFirstTokenMs", "TokensIn", "TokensOut", "QueueDepth",
            "Retries", "Fallbacks", "RateLimitRejections", "CleanupRows", "JobsLost", "HeartbeatDelayMs");
    private static final Map<String, String> DEMO = Map.of("Environment", "ci", "Provider", "demo", "Model", "demo");
    private static final Map<String, String> FLAKY = Map.of("Environment", "ci", "Provider", "demo",
            "Model", "demo-flaky");
    private static final Map<String, String> ENVIRONMENT_ONLY = Map.of("Environment", "ci");

    private FakeCloudWatch cloudWatch;
    private RunningHost host;

    @BeforeAll
    void start() {
        cloudWatch = FakeCloudWatch.start();
        // The first call fails: the registry must log it and keep publishing.
        cloudWatch.failNext(500, "InternalServiceFault", "try again");
        TestDatabase db = EmbeddedDatabase.createDatabase();
        db.execute("INSERT INTO ai_models (key, name, provider, provider_model_id, idle_timeout_ms) "
                + "VALUES ('demo-flaky', 'Demo that times out', 'demo', 'demo-1', 1)");
        host = RunningHost.start(db, Map.of(
                "aistudio.demo.chunk-delay", "20ms",
                "aistudio.metrics.cloudwatch.enabled", "true",
                "aistudio.metrics.cloudwatch.endpoint", cloudWatch.baseUrl(),
                "aistudio.metrics.cloudwatch.step", "500ms",
                "aistudio.metrics.cloudwatch.environment", "ci",
                "aws.region", "us-east-1",
                "aws.accessKeyId", "AKIDFAKEFAKEFAKEFAKE",
                "aws.secretKey", "fake-secret-for-the-local-stand-in"));
        String user = host.token("cw-user", "user");
        try (SseStream s = Http.openChat(host.uri("/api/chat"), user, ChatBodies.chat("cw-1", "demo", "Hi"))) {
            s.readAll();
        }
        try (SseStream s = Http.openChat(host.uri("/api/chat"), user, ChatBodies.chat("cw-2", "demo-flaky", "Hi"))) {
            s.readAll();
        }
        // What the engine reports of its heartbeats and of the answers its sweeper ended.
        JobObserver observer = host.bean(JobObserver.class);
        observer.heartbeatsWritten(Duration.ofMillis(7));
        observer.staleJobsFailed(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> sum("JobsLost", ENVIRONMENT_ONLY) == 2
                && distributionCount("HeartbeatDelayMs", ENVIRONMENT_ONLY) >= 1
                && sum("JobsCompleted", DEMO) == 1
                && sum("JobsFailed", FLAKY) == 1 && sum("JobsCreated", ENVIRONMENT_ONLY) == 2
                && distributionCount("TimeToFirstTokenMs", DEMO) == 1
                && distributionCount("ProcessingLatencyMs", DEMO) == 1);
    }

    @AfterAll
    void stop() {
        host.close();
        cloudWatch.close();
    }

    private List<MetricDatum> datums(String name, Map<String, String> dimensions) {
        return cloudWatch.datums(name).stream().filter(d -> d.dimensions().equals(dimensions)).toList();
    }

    private double sum(String name, Map<String, String> dimensions) {
        return datums(name, dimensions).stream().mapToDouble(d -> d.value() == null ? 0 : d.value()).sum();
    }

    private double distributionCount(String name, Map<String, String> dimensions) {
        return datums(name, dimensions).stream().flatMap(d -> d.counts().stream()).mapToDouble(Double::doubleValue)
                .sum();
    }

    @Test
    void only_the_guides_metrics_reach_the_namespace() {
        assertThat(cloudWatch.datums()).isNotEmpty()
                .allSatisfy(d -> assertThat(d.namespace()).isEqualTo("AIStudio/Streaming"))
                .allSatisfy(d -> assertThat(GUIDE_NAMES).contains(d.metricName()));
    }

    @Test
    void job_counts_carry_environment_provider_and_model() {
        assertThat(sum("JobsCompleted", DEMO)).isEqualTo(1);
        assertThat(sum("JobsFailed", FLAKY)).isEqualTo(1);
        assertThat(sum("JobsFailed", DEMO)).isZero();
        assertThat(sum("JobsCancelled", DEMO)).isZero();
        assertThat(datums("JobsCompleted", DEMO)).allSatisfy(d -> assertThat(d.unit()).isEqualTo("Count"));
        assertThat(sum("TokensOut", DEMO)).isPositive();
        assertThat(sum("TokensIn", DEMO)).isPositive();
    }

    @Test
    void admission_and_instance_metrics_carry_only_the_environment() {
        assertThat(sum("JobsCreated", ENVIRONMENT_ONLY)).isEqualTo(2);
        assertThat(cloudWatch.datums("JobsCreated")).allSatisfy(d -> assertThat(d.dimensions()).isEqualTo(ENVIRONMENT_ONLY));
        assertThat(cloudWatch.datums("QueueDepth")).isNotEmpty()
                .allSatisfy(d -> assertThat(d.dimensions()).isEqualTo(ENVIRONMENT_ONLY));
        assertThat(cloudWatch.datums("JobsLost")).isNotEmpty()
                .allSatisfy(d -> assertThat(d.dimensions()).isEqualTo(ENVIRONMENT_ONLY))
                .allSatisfy(d -> assertThat(d.unit()).isEqualTo("Count"));
    }

    @Test
    void heartbeat_delays_are_a_distribution_in_milliseconds_per_environment() {
        assertThat(cloudWatch.datums("HeartbeatDelayMs")).isNotEmpty()
                .allSatisfy(d -> assertThat(d.dimensions()).isEqualTo(ENVIRONMENT_ONLY))
                .allSatisfy(d -> assertThat(d.unit()).isEqualTo("Milliseconds"));
        assertThat(datums("HeartbeatDelayMs", ENVIRONMENT_ONLY).stream().flatMap(d -> d.values().stream()))
                .contains(7.0);
    }

    @Test
    void latencies_are_value_distributions_in_milliseconds() {
        Predicate<MetricDatum> distribution = d -> !d.values().isEmpty() && d.values().size() == d.counts().size()
                && d.value() == null && "Milliseconds".equals(d.unit());
        assertThat(datums("TimeToFirstTokenMs", DEMO)).isNotEmpty().allMatch(distribution);
        assertThat(distributionCount("TimeToFirstTokenMs", DEMO)).isEqualTo(1);
        assertThat(distributionCount("TimeToFirstTokenMs", FLAKY)).isEqualTo(1);
        assertThat(datums("ProcessingLatencyMs", DEMO)).isNotEmpty().allMatch(distribution);
        assertThat(distributionCount("ProcessingLatencyMs", DEMO)).isEqualTo(1);
        // A failed answer has no processing latency: the alarm reads answers that completed.
        assertThat(datums("ProcessingLatencyMs", FLAKY)).isEmpty();
        double latency = datums("ProcessingLatencyMs", DEMO).get(0).values().get(0);
        assertThat(latency).isGreaterThan(datums("TimeToFirstTokenMs", DEMO).get(0).values().get(0));
    }

    @Test
    void a_failed_call_is_survived() {
        assertThat(cloudWatch.putMetricDataCalls()).isGreaterThan(1);
    }
}

package org.aistudio.host.metrics.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.aistudio.fixtures.upstream.FakeCloudWatch;
import org.aistudio.fixtures.upstream.MetricDatum;
import org.aistudio.host.metrics.MeterNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;

/**
 * The registry on a settable clock, publishing by hand to a local CloudWatch stand-in. One
 * stand-in and client serve every test (closing them takes seconds); each test publishes to a
 * namespace of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GuideCloudWatchRegistryTest {

    private static final Duration STEP = Duration.ofMinutes(1);

    private FakeCloudWatch cloudWatch;
    private CloudWatchAsyncClient client;
    private MockClock clock;
    private GuideCloudWatchRegistry registry;
    private String namespace;
    private int tests;

    @BeforeAll
    void startCloudWatch() {
        cloudWatch = FakeCloudWatch.start();
        client = CloudWatchAsyncClient.builder().endpointOverride(cloudWatch.baseUri()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .build();
    }

    @AfterAll
    void stopCloudWatch() {
        client.close();
        cloudWatch.close();
    }

    @BeforeEach
    void newRegistry() {
        clock = new MockClock();
        namespace = "AIStudio/Test" + (++tests);
        registry = new GuideCloudWatchRegistry(client, namespace, "prod", STEP, clock);
    }

    private int calls() {
        return cloudWatch.putMetricDataCalls();
    }

    private List<MetricDatum> datums() {
        return cloudWatch.datums().stream().filter(d -> d.namespace().equals(namespace)).toList();
    }

    private List<MetricDatum> datums(String name) {
        return datums().stream().filter(d -> d.metricName().equals(name)).toList();
    }

    private double sum(String name) {
        return datums(name).stream().mapToDouble(d -> d.value() == null ? 0 : d.value()).sum();
    }

    @Test
    void a_second_publication_in_the_same_step_sends_nothing() {
        registry.counter(MeterNames.JOBS_COMPLETED, "provider", "openai", "model", "gpt-4o").increment(3);
        clock.add(STEP);
        registry.publish();
        int calls = calls();
        registry.publish();
        assertThat(calls()).isEqualTo(calls);
        assertThat(sum("JobsCompleted")).isEqualTo(3);
    }

    @Test
    void tags_are_cut_to_the_guides_dimensions_and_series_add_up() {
        registry.counter(MeterNames.JOBS_FAILED, "provider", "openai", "model", "gpt-4o", "error", "timeout").increment();
        registry.counter(MeterNames.JOBS_FAILED, "provider", "openai", "model", "gpt-4o", "error", "rate_limited")
                .increment();
        registry.counter(MeterNames.JOBS_CREATED, "provider", "openai", "model", "gpt-4o").increment();
        registry.counter("jvm.threads.started").increment();
        clock.add(STEP);
        registry.publish();
        List<MetricDatum> failed = datums("JobsFailed");
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).dimensions())
                .isEqualTo(Map.of("Environment", "prod", "Provider", "openai", "Model", "gpt-4o"));
        assertThat(failed.get(0).value()).isEqualTo(2);
        assertThat(datums("JobsCreated")).singleElement()
                .satisfies(d -> assertThat(d.dimensions()).isEqualTo(Map.of("Environment", "prod")));
        assertThat(datums()).extracting(MetricDatum::metricName)
                .containsOnly("JobsFailed", "JobsCreated");
    }

    @Test
    void many_distinct_latencies_are_split_into_datums_of_at_most_150_values() {
        Timer timer = registry.timer(MeterNames.TIME_TO_FIRST_TOKEN, "provider", "openai", "model", "gpt-4o");
        for (int ms = 1; ms <= 400; ms++) {
            timer.record(Duration.ofMillis(ms));
        }
        timer.record(Duration.ofMillis(12_345));
        registry.publish();
        List<MetricDatum> ttft = datums("TimeToFirstTokenMs");
        assertThat(ttft).hasSize(3).allSatisfy(d -> {
            assertThat(d.values().size()).isLessThanOrEqualTo(GuideCloudWatchRegistry.MAX_VALUES);
            assertThat(d.unit()).isEqualTo("Milliseconds");
        });
        assertThat(ttft.stream().flatMap(d -> d.counts().stream()).mapToDouble(Double::doubleValue).sum())
                .isEqualTo(401);
        assertThat(ttft.stream().flatMap(d -> d.values().stream())).contains(1.0, 400.0, 12_300.0);

        clock.add(STEP);
        registry.publish();
        assertThat(datums("TimeToFirstTokenMs")).hasSize(3);
    }

    @Test
    void closing_publishes_the_last_partial_step() {
        registry.counter(MeterNames.JOBS_COMPLETED, "provider", "openai", "model", "gpt-4o").increment();
        registry.publish();
        registry.counter(MeterNames.JOBS_COMPLETED, "provider", "openai", "model", "gpt-4o").increment(2);
        registry.close();
        assertThat(sum("JobsCompleted")).isEqualTo(3);
    }

    @Test
    void latencies_keep_about_three_significant_digits() {
        assertThat(DistributionTimer.round(0.4)).isEqualTo(0);
        assertThat(DistributionTimer.round(123.4)).isEqualTo(123);
        assertThat(DistributionTimer.round(1_234.5)).isEqualTo(1_230);
        assertThat(DistributionTimer.round(98_765)).isEqualTo(98_800);
    }
}

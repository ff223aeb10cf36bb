package org.aistudio.host.metrics.cloudwatch;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.step.StepMeterRegistry;
import io.micrometer.core.instrument.step.StepRegistryConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.aistudio.host.metrics.MeterNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;

/**
 * Publishes the operations guide's metrics to CloudWatch once per step. Only the meters named
 * in {@link CloudWatchNames} are kept; their tags are cut to the guide's dimensions
 * ({@code Environment}, plus {@code Provider} and {@code Model} for per-model metrics), so series
 * that differ only in other tags (a failure's error code, a fallback's target) add up into one.
 * Counters send their step's count, gauges their value, timers the distribution of the values
 * recorded since the last publication.
 */
public final class GuideCloudWatchRegistry extends StepMeterRegistry {

    /** Data points per PutMetricData call: well under the 1000 and 1 MB limits. */
    static final int BATCH = 200;
    /** CloudWatch's limit of distinct values in one data point. */
    static final int MAX_VALUES = 150;

    private static final Logger LOG = LoggerFactory.getLogger(GuideCloudWatchRegistry.class);
    private static final Set<String> MODEL_TAGS = Set.of(MeterNames.TAG_PROVIDER, MeterNames.TAG_MODEL);

    private final CloudWatchAsyncClient client;
    private final String namespace;
    private final long stepMillis;
    private final Duration callTimeout;
    private volatile long lastPublishedStep = -1;
    private volatile boolean closing;

    public GuideCloudWatchRegistry(CloudWatchAsyncClient client, String namespace, String environment,
                                   Duration step, Clock clock) {
        super(stepConfig(step), clock);
        this.client = client;
        this.namespace = namespace;
        this.stepMillis = step.toMillis();
        this.callTimeout = step.compareTo(Duration.ofSeconds(30)) < 0 ? Duration.ofSeconds(30) : step;
        config().namingConvention(new GuideNamingConvention())
                .meterFilter(MeterFilter.denyUnless(id -> CloudWatchNames.of(id.getName()).isPresent()))
                .meterFilter(guideDimensions())
                .meterFilter(MeterFilter.commonTags(List.of(Tag.of(MeterNames.TAG_ENVIRONMENT, environment))));
    }

    private static StepRegistryConfig stepConfig(Duration step) {
        return new StepRegistryConfig() {
            @Override
            public String prefix() {
                return "aistudio.cloudwatch";
            }

            @Override
            public String get(String key) {
                return null;
            }

            @Override
            public Duration step() {
                return step;
            }
        };
    }

    /** Keeps only {@code provider} and {@code model}, and only on per-model metrics. */
    private static MeterFilter guideDimensions() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                boolean perModel = CloudWatchNames.of(id.getName()).map(CloudWatchNames.Metric::perModel).orElse(false);
                List<Tag> kept = new ArrayList<>();
                for (Tag tag : id.getTagsAsIterable()) {
                    if (perModel && MODEL_TAGS.contains(tag.getKey())) {
                        kept.add(tag);
                    }
                }
                return id.replaceTags(kept);
            }
        };
    }

    @Override
    protected Timer newTimer(Meter.Id id, DistributionStatisticConfig distributionStatisticConfig,
                             PauseDetector pauseDetector) {
        return new DistributionTimer(id, clock, pauseDetector, stepMillis);
    }

    @Override
    protected TimeUnit getBaseTimeUnit() {
        return TimeUnit.MILLISECONDS;
    }

    @Override
    protected void publish() {
        long step = clock.wallTime() / stepMillis;
        if (step == lastPublishedStep && !closing) {
            // A late scheduler catches up with back-to-back runs: a second run in the same step
            // would send the same step counts again, and CloudWatch would add them up.
            return;
        }
        lastPublishedStep = step;
        List<MetricDatum> data = metricData(Instant.ofEpochMilli(clock.wallTime()));
        for (int from = 0; from < data.size(); from += BATCH) {
            send(data.subList(from, Math.min(data.size(), from + BATCH)));
        }
    }

    List<MetricDatum> metricData(Instant timestamp) {
        List<MetricDatum> data = new ArrayList<>();
        for (Meter meter : getMeters()) {
            CloudWatchNames.Metric metric = CloudWatchNames.of(meter.getId().getName()).orElse(null);
            if (metric == null) {
                continue;
            }
            MetricDatum.Builder base = MetricDatum.builder()
                    .metricName(meter.getId().getConventionName(config().namingConvention()))
                    .dimensions(dimensions(meter.getId()))
                    .unit(metric.unit())
                    .timestamp(timestamp);
            if (meter instanceof Counter counter) {
                data.add(base.copy().value(counter.count()).build());
            } else if (meter instanceof Gauge gauge && Double.isFinite(gauge.value())) {
                data.add(base.copy().value(gauge.value()).build());
            } else if (meter instanceof DistributionTimer timer) {
                distribution(base, timer.drain(), data);
            }
        }
        return data;
    }

    private static void distribution(MetricDatum.Builder base, Map<Double, Long> values, List<MetricDatum> out) {
        List<Double> chunkValues = new ArrayList<>();
        List<Double> chunkCounts = new ArrayList<>();
        for (Map.Entry<Double, Long> e : values.entrySet()) {
            chunkValues.add(e.getKey());
            chunkCounts.add(e.getValue().doubleValue());
            if (chunkValues.size() == MAX_VALUES) {
                out.add(base.copy().values(chunkValues).counts(chunkCounts).build());
                chunkValues = new ArrayList<>();
                chunkCounts = new ArrayList<>();
            }
        }
        if (!chunkValues.isEmpty()) {
            out.add(base.copy().values(chunkValues).counts(chunkCounts).build());
        }
    }

    private List<Dimension> dimensions(Meter.Id id) {
        List<Dimension> dimensions = new ArrayList<>();
        for (Tag tag : id.getConventionTags(config().namingConvention())) {
            if (!tag.getValue().isBlank()) {
                dimensions.add(Dimension.builder().name(tag.getKey()).value(tag.getValue()).build());
            }
        }
        return dimensions;
    }

    private void send(List<MetricDatum> batch) {
        try {
            client.putMetricData(PutMetricDataRequest.builder().namespace(namespace).metricData(batch).build())
                    .get(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // The next step publishes again; a metrics outage must not take the host down.
            LOG.warn("Could not publish {} metric(s) to CloudWatch: {}", batch.size(), rootMessage(e));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** Publishes the last, partial step even when a publication of this step already ran. */
    @Override
    public void close() {
        closing = true;
        super.close();
    }

    @Override
    protected String startMessage() {
        return "publishing metrics to CloudWatch namespace " + namespace + " every " + stepMillis + " ms";
    }
}

package org.aistudio.host.metrics.cloudwatch;

import static java.util.Map.entry;

import java.util.Map;
import java.util.Optional;
import org.aistudio.host.metrics.MeterNames;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * The operations guide's CloudWatch metrics: the meter each comes from, its unit, and whether it
 * carries the {@code Provider} and {@code Model} dimensions or only {@code Environment}. The ops
 * CDK app (dashboard, alarms) reads exactly these names and dimension sets.
 */
public final class CloudWatchNames {

    public static final String DEFAULT_NAMESPACE = "AIStudio/Streaming";
    public static final String ENVIRONMENT = "Environment";
    public static final String PROVIDER = "Provider";
    public static final String MODEL = "Model";

    /**
     * One published metric.
     *
     * @param perModel true when published per provider and model; false for instance-wide or
     *                 admission-time metrics, which carry only {@code Environment}
     */
    public record Metric(String name, StandardUnit unit, boolean perModel) {
    }

    private static final Map<String, Metric> BY_METER = Map.ofEntries(
            entry(MeterNames.JOBS_CREATED, new Metric("JobsCreated", StandardUnit.COUNT, false)),
            entry(MeterNames.JOBS_COMPLETED, new Metric("JobsCompleted", StandardUnit.COUNT, true)),
            entry(MeterNames.JOBS_FAILED, new Metric("JobsFailed", StandardUnit.COUNT, true)),
            entry(MeterNames.JOBS_CANCELLED, new Metric("JobsCancelled", StandardUnit.COUNT, true)),
            entry(MeterNames.PROCESSING_LATENCY, new Metric("ProcessingLatencyMs", StandardUnit.MILLISECONDS, true)),
            entry(MeterNames.TIME_TO_FIRST_TOKEN, new Metric("TimeToFirstTokenMs", StandardUnit.MILLISECONDS, true)),
            entry(MeterNames.TOKENS_IN, new Metric("TokensIn", StandardUnit.COUNT, true)),
            entry(MeterNames.TOKENS_OUT, new Metric("TokensOut", StandardUnit.COUNT, true)),
            entry(MeterNames.ACTIVE_STREAMS, new Metric("QueueDepth", StandardUnit.COUNT, false)),
            entry(MeterNames.RETRIES, new Metric("Retries", StandardUnit.COUNT, true)),
            entry(MeterNames.FALLBACKS, new Metric("Fallbacks", StandardUnit.COUNT, true)),
            entry(MeterNames.RATE_LIMIT_REJECTIONS, new Metric("RateLimitRejections", StandardUnit.COUNT, false)),
            entry(MeterNames.CLEANUP_ROWS, new Metric("CleanupRows", StandardUnit.COUNT, false)),
            entry(MeterNames.JOBS_LOST, new Metric("JobsLost", StandardUnit.COUNT, false)),
            entry(MeterNames.HEARTBEAT_DELAY, new Metric("HeartbeatDelayMs", StandardUnit.MILLISECONDS, false)));

    private CloudWatchNames() {
    }

    /** The CloudWatch metric of a meter, or empty when the meter is not published there. */
    public static Optional<Metric> of(String meterName) {
        return Optional.ofNullable(BY_METER.get(meterName));
    }
}

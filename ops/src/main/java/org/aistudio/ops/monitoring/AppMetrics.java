package org.aistudio.ops.monitoring;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;

/**
 * The metrics the host publishes to CloudWatch and the queries that read them.
 *
 * <p>Per-model metrics carry {@code Environment}, {@code Provider} and {@code Model}; the others
 * only {@code Environment}. A plain metric in an alarm must name every dimension value, and the
 * models are rows an admin adds at run time, so totals across models come from a Metrics Insights
 * query (alarms accept exactly one per alarm) or, on graphs, from SEARCH expressions (alarms
 * reject SEARCH).
 */
public final class AppMetrics {

    public static final String NAMESPACE = "AIStudio/Streaming";

    public static final String JOBS_CREATED = "JobsCreated";
    public static final String JOBS_COMPLETED = "JobsCompleted";
    public static final String JOBS_FAILED = "JobsFailed";
    public static final String JOBS_CANCELLED = "JobsCancelled";
    public static final String PROCESSING_LATENCY = "ProcessingLatencyMs";
    public static final String TIME_TO_FIRST_TOKEN = "TimeToFirstTokenMs";
    public static final String TOKENS_IN = "TokensIn";
    public static final String TOKENS_OUT = "TokensOut";
    public static final String QUEUE_DEPTH = "QueueDepth";
    public static final String RETRIES = "Retries";
    public static final String FALLBACKS = "Fallbacks";
    public static final String RATE_LIMIT_REJECTIONS = "RateLimitRejections";
    public static final String CLEANUP_ROWS = "CleanupRows";
    /** Running answers ended by the stale-job sweeper: their task stopped sending heartbeats. */
    public static final String JOBS_LOST = "JobsLost";
    /** From making a batch of checkpoints and heartbeats to its commit, per task. */
    public static final String HEARTBEAT_DELAY = "HeartbeatDelayMs";

    /** Tagged with the provider and model that served (or failed) the work. */
    public static final List<String> PER_MODEL = List.of(JOBS_COMPLETED, JOBS_FAILED, JOBS_CANCELLED,
            PROCESSING_LATENCY, TIME_TO_FIRST_TOKEN, TOKENS_IN, TOKENS_OUT, RETRIES, FALLBACKS);
    /**
     * Environment only. JobsCreated is counted at admission, before the fallback chain settles
     * which model serves the job, and it is the denominator of the failure-rate alarm, which can
     * hold only one Metrics Insights query (spent on JobsFailed).
     */
    public static final List<String> PER_ENVIRONMENT = List.of(JOBS_CREATED, QUEUE_DEPTH,
            RATE_LIMIT_REJECTIONS, CLEANUP_ROWS, JOBS_LOST, HEARTBEAT_DELAY);

    public static final Duration PERIOD = Duration.minutes(5);

    private final String env;

    public AppMetrics(String env) {
        this.env = env;
    }

    public String env() {
        return env;
    }

    /** One series: the metric summed (or maxed, ...) over every provider and model. */
    public String insightsQuery(String function, String metricName) {
        return "SELECT " + function + "(" + metricName + ")"
                + " FROM SCHEMA(\"" + NAMESPACE + "\", " + schemaKeys(metricName) + ")"
                + " WHERE Environment = '" + env + "'";
    }

    public MathExpression insights(String function, String metricName, String label) {
        return expression(insightsQuery(function, metricName), label, Map.of());
    }

    /** Every series of the metric in this environment (one per model for per-model metrics). */
    public String searchQuery(String metricName, String statistic, Duration period) {
        String schema = "{" + NAMESPACE + "," + schemaKeys(metricName).replace(" ", "") + "}";
        return "SEARCH('" + schema + " MetricName=\"" + metricName + "\" Environment=\"" + env + "\"', '"
                + statistic + "', " + period.toSeconds() + ")";
    }

    /** One line per model, e.g. the p99 time to first token of each model, labelled "model p99". */
    public MathExpression perModel(String metricName, String statistic) {
        return expression(searchQuery(metricName, statistic, PERIOD), "${PROP('Dim.Model')} " + statistic, Map.of());
    }

    /** One line: the sum over all models of the metric's per-period Sum. */
    public MathExpression total(String metricName, String label) {
        return expression("SUM(" + searchQuery(metricName, "Sum", PERIOD) + ")", label, Map.of());
    }

    /** A plain metric for the series that carry only the Environment dimension. */
    public Metric environmentMetric(String metricName, String statistic, Duration period) {
        if (!PER_ENVIRONMENT.contains(metricName)) {
            throw new IllegalArgumentException(metricName + " is published per model; use a query");
        }
        return Metric.Builder.create()
                .namespace(NAMESPACE)
                .metricName(metricName)
                .dimensionsMap(Map.of("Environment", env))
                .statistic(statistic)
                .period(period)
                .build();
    }

    static MathExpression expression(String expression, String label, Map<String, IMetric> using) {
        return MathExpression.Builder.create()
                .expression(expression)
                .usingMetrics(using)
                .label(label)
                .period(PERIOD)
                .build();
    }

    private static String schemaKeys(String metricName) {
        return PER_MODEL.contains(metricName) ? "Environment, Model, Provider" : "Environment";
    }
}

package org.aistudio.ops.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.aistudio.ops.Settings;
import org.aistudio.ops.service.FrontendLoadBalancer;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeTarget;
import software.constructs.Construct;

/**
 * The guide's alarms plus the two job alarms. Each is critical (people are failing now: page
 * someone) or operational (capacity or latency is drifting: look today). RUNBOOK.md says what
 * each means and what to do.
 */
final class Alarms {

    enum Severity { CRITICAL, OPERATIONAL }

    record Entry(Alarm alarm, Severity severity) {
    }

    /** Below this many new jobs in five minutes a failure rate says more about chance than health. */
    static final int MIN_JOBS_FOR_RATE = 5;
    /**
     * Half the host's stale-job limit ({@code AISTUDIO_JOBS_STALE_AFTER}, 60 s): heartbeats this
     * late, plus their 10 s interval, leave the other tasks' sweepers 20 s from ending the
     * task's answers.
     */
    static final int HEARTBEAT_DELAY_THRESHOLD_MS = 30_000;

    private static final Duration FIVE_MINUTES = Duration.minutes(5);
    private static final Duration ONE_MINUTE = Duration.minutes(1);

    private final Construct scope;
    private final Settings settings;
    private final List<Entry> entries = new ArrayList<>();

    private Alarms(Construct scope, Settings settings) {
        this.scope = scope;
        this.settings = settings;
    }

    static List<Entry> create(Construct scope, Settings settings, AppMetrics metrics, FrontendLoadBalancer frontend) {
        Alarms alarms = new Alarms(scope, settings);
        alarms.add("HighECSCPUUtilization", Severity.OPERATIONAL,
                "Service CPU above 80 % for 15 minutes: scaling is not keeping up or is at its maximum.",
                ecs(settings, "AWS/ECS", "CPUUtilization", "Average", FIVE_MINUTES),
                80, 3, ComparisonOperator.GREATER_THAN_THRESHOLD, TreatMissingData.NOT_BREACHING);
        alarms.add("HighECSMemoryUtilization", Severity.OPERATIONAL,
                "Service memory above 85 % for 15 minutes: tasks are near the 1 GiB limit.",
                ecs(settings, "AWS/ECS", "MemoryUtilization", "Average", FIVE_MINUTES),
                85, 3, ComparisonOperator.GREATER_THAN_THRESHOLD, TreatMissingData.NOT_BREACHING);
        alarms.add("UnhealthyTargets", Severity.CRITICAL,
                "More than one target failing /api/health for 2 minutes.",
                frontend.targetGroup().getMetrics().unhealthyHostCount(options("Maximum", ONE_MINUTE)),
                1, 2, ComparisonOperator.GREATER_THAN_THRESHOLD, TreatMissingData.NOT_BREACHING);
        alarms.add("HighHTTPErrorRate", Severity.CRITICAL,
                "More than 10 responses with status 5xx from the tasks in 5 minutes, twice in a row.",
                frontend.loadBalancer().getMetrics().httpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT,
                        options("Sum", FIVE_MINUTES)),
                10, 2, ComparisonOperator.GREATER_THAN_THRESHOLD, TreatMissingData.NOT_BREACHING);
        // Missing data breaches: a service with no task at all may publish nothing.
        alarms.add("ECSTaskCountTooLow", Severity.CRITICAL,
                "No running task for 2 minutes: the site is down.",
                ecs(settings, "ECS/ContainerInsights", "RunningTaskCount", "Minimum", ONE_MINUTE),
                1, 2, ComparisonOperator.LESS_THAN_THRESHOLD, TreatMissingData.BREACHING);
        alarms.add("JobFailureRate", Severity.CRITICAL,
                "More than " + number(settings.jobFailureRatePercent()) + " % of new jobs failed, three 5-minute"
                        + " periods in a row (periods with fewer than " + MIN_JOBS_FOR_RATE + " jobs count as 0 %).",
                jobFailureRate(metrics),
                settings.jobFailureRatePercent(), 3, ComparisonOperator.GREATER_THAN_THRESHOLD,
                TreatMissingData.NOT_BREACHING);
        alarms.add("TimeToFirstToken", Severity.OPERATIONAL,
                "The slowest first token of some model exceeded " + number(settings.timeToFirstTokenThresholdMs())
                        + " ms in three 5-minute periods in a row.",
                metrics.insights("MAX", AppMetrics.TIME_TO_FIRST_TOKEN, "slowest time to first token (ms)"),
                settings.timeToFirstTokenThresholdMs(), 3, ComparisonOperator.GREATER_THAN_THRESHOLD,
                TreatMissingData.NOT_BREACHING);
        alarms.add("HeartbeatDelay", Severity.OPERATIONAL,
                "A task's slowest batch of heartbeats took over " + HEARTBEAT_DELAY_THRESHOLD_MS / 1000
                        + " s to reach the database, in two minutes in a row: other tasks may soon end its answers.",
                metrics.environmentMetric(AppMetrics.HEARTBEAT_DELAY, "Maximum", ONE_MINUTE),
                HEARTBEAT_DELAY_THRESHOLD_MS, 2, ComparisonOperator.GREATER_THAN_THRESHOLD,
                TreatMissingData.NOT_BREACHING);
        alarms.add("AnswersLost", Severity.OPERATIONAL,
                "Running answers were ended because their task stopped sending heartbeats: a task died or stalled.",
                metrics.environmentMetric(AppMetrics.JOBS_LOST, "Sum", FIVE_MINUTES),
                0, 1, ComparisonOperator.GREATER_THAN_THRESHOLD, TreatMissingData.NOT_BREACHING);
        return List.copyOf(alarms.entries);
    }

    /**
     * Failed jobs (a Metrics Insights sum over every model, the one query an alarm may hold)
     * divided by created jobs (a plain series: it carries only the Environment dimension).
     */
    static MathExpression jobFailureRate(AppMetrics metrics) {
        return AppMetrics.expression(
                "IF(created >= " + MIN_JOBS_FOR_RATE + ", 100 * FILL(failed, 0) / created, 0)",
                "failed jobs (% of created)",
                Map.of(
                        "failed", metrics.insights("SUM", AppMetrics.JOBS_FAILED, "failed jobs"),
                        "created", metrics.environmentMetric(AppMetrics.JOBS_CREATED, "Sum", FIVE_MINUTES)));
    }

    /** A metric of the ECS service, whose names are fixed, so no cross-stack reference is needed. */
    static Metric ecs(Settings settings, String namespace, String metricName, String statistic,
            Duration period) {
        return Metric.Builder.create()
                .namespace(namespace)
                .metricName(metricName)
                .dimensionsMap(Map.of(
                        "ClusterName", settings.name("cluster"),
                        "ServiceName", settings.name("frontend")))
                .statistic(statistic)
                .period(period)
                .build();
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static MetricOptions options(String statistic, Duration period) {
        return MetricOptions.builder().statistic(statistic).period(period).build();
    }

    private void add(String name, Severity severity, String description, IMetric metric, double threshold,
            int periods, ComparisonOperator comparison, TreatMissingData missing) {
        Alarm alarm = Alarm.Builder.create(scope, name)
                .alarmName(settings.name(name))
                .alarmDescription(description + " See ops/RUNBOOK.md#" + name.toLowerCase())
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(periods)
                .datapointsToAlarm(periods)
                .comparisonOperator(comparison)
                .treatMissingData(missing)
                .build();
        entries.add(new Entry(alarm, severity));
    }
}

package org.aistudio.ops.monitoring;

import java.util.List;
import org.aistudio.ops.Settings;
import org.aistudio.ops.service.FrontendLoadBalancer;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.interfaces.cloudwatch.IAlarmRef;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.HorizontalAnnotation;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeElb;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeTarget;
import software.amazon.awscdk.services.elasticloadbalancingv2.IApplicationLoadBalancerMetrics;
import software.amazon.awscdk.services.elasticloadbalancingv2.IApplicationTargetGroupMetrics;
import software.constructs.Construct;

/**
 * The one dashboard an operator opens: jobs first (what people experience), then the service
 * and the load balancer (why). Graphs over per-model metrics use SEARCH, which draws one line per
 * model and needs no list of models; totals wrap the SEARCH in SUM.
 */
final class StreamingDashboard {

    private static final Duration ONE_MINUTE = Duration.minutes(1);
    private static final Duration FIVE_MINUTES = Duration.minutes(5);

    private StreamingDashboard() {
    }

    static Dashboard create(Construct scope, Settings settings, AppMetrics metrics, FrontendLoadBalancer frontend,
            List<Alarms.Entry> alarms) {
        Dashboard dashboard = Dashboard.Builder.create(scope, "Dashboard")
                .dashboardName(settings.name("streaming"))
                .defaultInterval(Duration.hours(3))
                .build();
        dashboard.addWidgets(
                graph("Jobs per 5 minutes (all models)", List.of(
                        metrics.total(AppMetrics.JOBS_CREATED, "created"),
                        metrics.total(AppMetrics.JOBS_COMPLETED, "completed"),
                        metrics.total(AppMetrics.JOBS_FAILED, "failed"),
                        metrics.total(AppMetrics.JOBS_CANCELLED, "cancelled"))),
                graph("Failed jobs (% of created)", List.of(Alarms.jobFailureRate(metrics)),
                        settings.jobFailureRatePercent()));
        dashboard.addWidgets(
                graph("Processing latency by model, p50 and p99 (ms)", List.of(
                        metrics.perModel(AppMetrics.PROCESSING_LATENCY, "p50"),
                        metrics.perModel(AppMetrics.PROCESSING_LATENCY, "p99"))),
                graph("Time to first token by model, p50 and p99 (ms)", List.of(
                        metrics.perModel(AppMetrics.TIME_TO_FIRST_TOKEN, "p50"),
                        metrics.perModel(AppMetrics.TIME_TO_FIRST_TOKEN, "p99")),
                        settings.timeToFirstTokenThresholdMs()));
        dashboard.addWidgets(
                graph("Tokens per 5 minutes (all models)", List.of(
                        metrics.total(AppMetrics.TOKENS_IN, "tokens in"),
                        metrics.total(AppMetrics.TOKENS_OUT, "tokens out"))),
                // Each task publishes its own gauge once a minute under the same series, so the
                // per-minute Sum is the fleet's total of open streams.
                graph("Active streams (QueueDepth, all tasks)", List.of(
                        metrics.environmentMetric(AppMetrics.QUEUE_DEPTH, "Sum", ONE_MINUTE)
                                .with(MetricOptions.builder().label("active streams").build()))));
        dashboard.addWidgets(
                graph("Retries, fallbacks and rate-limit rejections per 5 minutes", List.of(
                        metrics.total(AppMetrics.RETRIES, "retries"),
                        metrics.total(AppMetrics.FALLBACKS, "fallbacks"),
                        metrics.environmentMetric(AppMetrics.RATE_LIMIT_REJECTIONS, "Sum", FIVE_MINUTES)
                                .with(MetricOptions.builder().label("rate-limit rejections").build()))),
                graph("Clean-up: expired job rows removed", List.of(
                        metrics.environmentMetric(AppMetrics.CLEANUP_ROWS, "Sum", FIVE_MINUTES)
                                .with(MetricOptions.builder().label("rows removed").build()))));
        dashboard.addWidgets(
                graph("Slowest batch of heartbeats, any task (ms)", List.of(
                        metrics.environmentMetric(AppMetrics.HEARTBEAT_DELAY, "Maximum", ONE_MINUTE)
                                .with(MetricOptions.builder().label("heartbeat delay").build())),
                        Alarms.HEARTBEAT_DELAY_THRESHOLD_MS),
                graph("Answers lost to a task that stopped", List.of(
                        metrics.environmentMetric(AppMetrics.JOBS_LOST, "Sum", FIVE_MINUTES)
                                .with(MetricOptions.builder().label("answers lost").build()))));
        dashboard.addWidgets(
                graph("ECS service CPU and memory (%)", List.of(
                        Alarms.ecs(settings, "AWS/ECS", "CPUUtilization", "Average", FIVE_MINUTES),
                        Alarms.ecs(settings, "AWS/ECS", "MemoryUtilization", "Average", FIVE_MINUTES))),
                graph("Running tasks", List.of(
                        Alarms.ecs(settings, "ECS/ContainerInsights", "RunningTaskCount", "Minimum", ONE_MINUTE),
                        Alarms.ecs(settings, "ECS/ContainerInsights", "DesiredTaskCount", "Maximum", ONE_MINUTE))));
        IApplicationLoadBalancerMetrics alb = frontend.loadBalancer().getMetrics();
        IApplicationTargetGroupMetrics targets = frontend.targetGroup().getMetrics();
        dashboard.addWidgets(
                graph("Load balancer requests and errors", List.of(
                        alb.requestCount(sum(FIVE_MINUTES)),
                        alb.httpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, sum(FIVE_MINUTES)),
                        alb.httpCodeElb(HttpCodeElb.ELB_5XX_COUNT, sum(FIVE_MINUTES)),
                        alb.targetConnectionErrorCount(sum(FIVE_MINUTES)))),
                graph("Targets: healthy, unhealthy, time to response headers p99 (s)", List.of(
                        targets.healthyHostCount(stat("Minimum", ONE_MINUTE)),
                        targets.unhealthyHostCount(stat("Maximum", ONE_MINUTE)),
                        alb.targetResponseTime(stat("p99", FIVE_MINUTES)))));
        dashboard.addWidgets(AlarmStatusWidget.Builder.create()
                .title("Alarms")
                .width(24)
                .alarms(alarms.stream().<IAlarmRef>map(Alarms.Entry::alarm).toList())
                .build());
        return dashboard;
    }

    private static IWidget graph(String title, List<IMetric> left) {
        return GraphWidget.Builder.create().title(title).left(left).width(12).height(6).build();
    }

    private static IWidget graph(String title, List<IMetric> left, double alarmThreshold) {
        return GraphWidget.Builder.create().title(title).left(left).width(12).height(6)
                .leftAnnotations(List.of(HorizontalAnnotation.builder()
                        .value(alarmThreshold).label("alarm threshold").build()))
                .build();
    }

    private static MetricOptions sum(Duration period) {
        return stat("Sum", period);
    }

    private static MetricOptions stat(String statistic, Duration period) {
        return MetricOptions.builder().statistic(statistic).period(period).build();
    }
}

package org.aistudio.ops.monitoring;

import static org.aistudio.ops.Synthesized.list;
import static org.aistudio.ops.Synthesized.onlyLogicalId;
import static org.aistudio.ops.Synthesized.onlyResource;
import static org.aistudio.ops.Synthesized.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.aistudio.ops.Synthesized;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.assertions.Template;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitoringStackTest {

    private Template template;
    private String critical;
    private String operational;

    @BeforeAll
    void synthesize() {
        template = Synthesized.dev().monitoring;
        critical = onlyLogicalId(template, "AWS::SNS::Topic", Map.of("TopicName", "aistudio-dev-critical-alerts"));
        operational = onlyLogicalId(template, "AWS::SNS::Topic",
                Map.of("TopicName", "aistudio-dev-operational-alerts"));
    }

    @Test
    void two_alert_topics_exist() {
        template.resourceCountIs("AWS::SNS::Topic", 2);
    }

    @Test
    void the_alert_email_from_context_subscribes_to_both_topics() {
        assertEquals(2, template.findResources("AWS::SNS::Subscription", Map.of("Properties",
                Map.of("Protocol", "email", "Endpoint", Synthesized.EMAIL))).size());
    }

    @Test
    void there_are_exactly_the_nine_alarms() {
        template.resourceCountIs("AWS::CloudWatch::Alarm", 9);
    }

    @Test
    void heartbeat_delay_alarm_reads_the_slowest_batch_of_any_task() {
        Map<String, Object> alarm = alarm("HeartbeatDelay");
        assertEnvironmentMetric(alarm, "HeartbeatDelayMs", "Maximum", 60);
        assertCondition(alarm, "GreaterThanThreshold", 30_000, 2, "notBreaching");
        assertTopic(alarm, operational);
    }

    @Test
    void answers_lost_alarm_fires_on_any_answer_the_sweeper_ended() {
        Map<String, Object> alarm = alarm("AnswersLost");
        assertEnvironmentMetric(alarm, "JobsLost", "Sum", 300);
        assertCondition(alarm, "GreaterThanThreshold", 0, 1, "notBreaching");
        assertTopic(alarm, operational);
    }

    @Test
    void high_cpu_alarm() {
        Map<String, Object> alarm = alarm("HighECSCPUUtilization");
        assertPlainMetric(alarm, "AWS/ECS", "CPUUtilization", "Average", 300);
        assertCondition(alarm, "GreaterThanThreshold", 80, 3, "notBreaching");
        assertEcsDimensions(alarm);
        assertTopic(alarm, operational);
    }

    @Test
    void high_memory_alarm() {
        Map<String, Object> alarm = alarm("HighECSMemoryUtilization");
        assertPlainMetric(alarm, "AWS/ECS", "MemoryUtilization", "Average", 300);
        assertCondition(alarm, "GreaterThanThreshold", 85, 3, "notBreaching");
        assertEcsDimensions(alarm);
        assertTopic(alarm, operational);
    }

    @Test
    void unhealthy_targets_alarm() {
        Map<String, Object> alarm = alarm("UnhealthyTargets");
        assertPlainMetric(alarm, "AWS/ApplicationELB", "UnHealthyHostCount", "Maximum", 60);
        assertCondition(alarm, "GreaterThanThreshold", 1, 2, "notBreaching");
        List<String> dimensions = list(alarm.get("Dimensions")).stream()
                .map(d -> (String) ((Map<?, ?>) d).get("Name")).sorted().toList();
        assertEquals(List.of("LoadBalancer", "TargetGroup"), dimensions);
        assertTopic(alarm, critical);
    }

    @Test
    void http_5xx_alarm() {
        Map<String, Object> alarm = alarm("HighHTTPErrorRate");
        assertPlainMetric(alarm, "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "Sum", 300);
        assertCondition(alarm, "GreaterThanThreshold", 10, 2, "notBreaching");
        assertTopic(alarm, critical);
    }

    @Test
    void task_count_alarm_reads_container_insights() {
        Map<String, Object> alarm = alarm("ECSTaskCountTooLow");
        assertPlainMetric(alarm, "ECS/ContainerInsights", "RunningTaskCount", "Minimum", 60);
        assertCondition(alarm, "LessThanThreshold", 1, 2, "breaching");
        assertEcsDimensions(alarm);
        assertTopic(alarm, critical);
    }

    @Test
    void job_failure_rate_alarm_divides_a_metrics_insights_sum_by_created_jobs() {
        Map<String, Object> alarm = alarm("JobFailureRate");
        assertCondition(alarm, "GreaterThanThreshold", 10, 3, "notBreaching");
        Map<String, Map<?, ?>> queries = queries(alarm);
        assertEquals("IF(created >= 5, 100 * FILL(failed, 0) / created, 0)", queries.get("expr_1").get("Expression"));
        assertEquals("SELECT SUM(JobsFailed) FROM SCHEMA(\"AIStudio/Streaming\", Environment, Model, Provider)"
                + " WHERE Environment = 'dev'", queries.get("failed").get("Expression"));
        assertEquals(300, queries.get("failed").get("Period"));
        Map<?, ?> created = (Map<?, ?>) queries.get("created").get("MetricStat");
        assertEquals(Map.of("Namespace", "AIStudio/Streaming", "MetricName", "JobsCreated",
                "Dimensions", List.of(Map.of("Name", "Environment", "Value", "dev"))), created.get("Metric"));
        assertEquals("Sum", created.get("Stat"));
        assertEquals(300, created.get("Period"));
        assertTopic(alarm, critical);
    }

    @Test
    void time_to_first_token_alarm_uses_one_metrics_insights_query() {
        Map<String, Object> alarm = alarm("TimeToFirstToken");
        assertCondition(alarm, "GreaterThanThreshold", 10_000, 3, "notBreaching");
        List<Object> queries = list(alarm.get("Metrics"));
        assertEquals(1, queries.size());
        Map<?, ?> query = (Map<?, ?>) queries.get(0);
        assertEquals("SELECT MAX(TimeToFirstTokenMs) FROM SCHEMA(\"AIStudio/Streaming\", Environment, Model, Provider)"
                + " WHERE Environment = 'dev'", query.get("Expression"));
        assertEquals(300, query.get("Period"));
        assertTopic(alarm, operational);
    }

    @Test
    void no_alarm_holds_more_than_one_metrics_insights_query() {
        template.findResources("AWS::CloudWatch::Alarm", Map.of()).values().forEach(resource -> {
            Map<?, ?> props = (Map<?, ?>) resource.get("Properties");
            long selects = list(props.containsKey("Metrics") ? props.get("Metrics") : List.of()).stream()
                    .filter(q -> String.valueOf(((Map<?, ?>) q).get("Expression")).startsWith("SELECT"))
                    .count();
            assertTrue(selects <= 1, props.get("AlarmName") + " has " + selects + " queries");
            assertFalse(String.valueOf(props.get("Metrics")).contains("SEARCH("), "alarms cannot use SEARCH");
        });
    }

    @Test
    void dashboard_is_named_for_the_environment() {
        template.hasResourceProperties("AWS::CloudWatch::Dashboard", Map.of("DashboardName", "aistudio-dev-streaming"));
    }

    @Test
    void dashboard_shows_every_application_metric() {
        String body = dashboardBody();
        for (String metric : List.of("JobsCreated", "JobsCompleted", "JobsFailed", "JobsCancelled",
                "ProcessingLatencyMs", "TimeToFirstTokenMs", "TokensIn", "TokensOut", "QueueDepth", "Retries",
                "Fallbacks", "RateLimitRejections", "CleanupRows", "JobsLost", "HeartbeatDelayMs")) {
            assertTrue(body.contains(metric), metric);
        }
    }

    @Test
    void dashboard_shows_latency_percentiles_per_model() {
        String body = dashboardBody();
        assertTrue(body.contains("MetricName=\\\"TimeToFirstTokenMs\\\" Environment=\\\"dev\\\"', 'p99', 300)"), body);
        assertTrue(body.contains("MetricName=\\\"ProcessingLatencyMs\\\" Environment=\\\"dev\\\"', 'p50', 300)"), body);
    }

    @Test
    void dashboard_shows_the_service_and_load_balancer() {
        String body = dashboardBody();
        for (String metric : List.of("CPUUtilization", "MemoryUtilization", "RunningTaskCount", "RequestCount",
                "HTTPCode_Target_5XX_Count", "UnHealthyHostCount", "TargetResponseTime")) {
            assertTrue(body.contains(metric), metric);
        }
    }

    @Test
    void nothing_refers_to_queues() {
        assertFalse(dashboardBody().contains("SQS"));
        template.resourceCountIs("AWS::SQS::Queue", 0);
    }

    private String dashboardBody() {
        return text(onlyResource(template, "AWS::CloudWatch::Dashboard", Map.of()).get("DashboardBody"));
    }

    private Map<String, Object> alarm(String name) {
        return onlyResource(template, "AWS::CloudWatch::Alarm", Map.of("AlarmName", "aistudio-dev-" + name));
    }

    private static Map<String, Map<?, ?>> queries(Map<String, Object> alarm) {
        Map<String, Map<?, ?>> byId = new java.util.HashMap<>();
        list(alarm.get("Metrics")).forEach(q -> byId.put((String) ((Map<?, ?>) q).get("Id"), (Map<?, ?>) q));
        return byId;
    }

    private static void assertPlainMetric(Map<String, Object> alarm, String namespace, String metric, String statistic,
            int period) {
        assertEquals(namespace, alarm.get("Namespace"));
        assertEquals(metric, alarm.get("MetricName"));
        assertEquals(statistic, alarm.get("Statistic"));
        assertEquals(period, alarm.get("Period"));
    }

    private static void assertCondition(Map<String, Object> alarm, String operator, int threshold, int periods,
            String missing) {
        assertEquals(operator, alarm.get("ComparisonOperator"));
        assertEquals(threshold, ((Number) alarm.get("Threshold")).intValue());
        assertEquals(periods, alarm.get("EvaluationPeriods"));
        assertEquals(periods, alarm.get("DatapointsToAlarm"));
        assertEquals(missing, alarm.get("TreatMissingData"));
    }

    /** One of the host's metrics that carry only the {@code Environment} dimension. */
    private static void assertEnvironmentMetric(Map<String, Object> alarm, String metric, String statistic,
            int period) {
        assertPlainMetric(alarm, "AIStudio/Streaming", metric, statistic, period);
        assertEquals(List.of(Map.of("Name", "Environment", "Value", "dev")), alarm.get("Dimensions"));
    }

    private static void assertEcsDimensions(Map<String, Object> alarm) {
        assertEquals(List.of(
                Map.of("Name", "ClusterName", "Value", "aistudio-dev-cluster"),
                Map.of("Name", "ServiceName", "Value", "aistudio-dev-frontend")), alarm.get("Dimensions"));
    }

    private static void assertTopic(Map<String, Object> alarm, String topic) {
        assertEquals(List.of(Map.of("Ref", topic)), alarm.get("AlarmActions"));
        assertEquals(List.of(Map.of("Ref", topic)), alarm.get("OKActions"));
    }
}

package org.aistudio.ops.service;

import static org.aistudio.ops.Synthesized.list;
import static org.aistudio.ops.Synthesized.onlyResource;
import static org.aistudio.ops.Synthesized.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aistudio.ops.Synthesized;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceStackTest {

    private Template template;
    private Map<String, Object> container;

    @BeforeAll
    @SuppressWarnings("unchecked")
    void synthesize() {
        template = Synthesized.dev().service;
        Map<String, Object> task = onlyResource(template, "AWS::ECS::TaskDefinition", Map.of());
        container = (Map<String, Object>) list(task.get("ContainerDefinitions")).get(0);
    }

    @Test
    void cluster_is_named_for_the_environment_with_container_insights() {
        template.hasResourceProperties("AWS::ECS::Cluster", Map.of(
                "ClusterName", "aistudio-dev-cluster",
                "ClusterSettings", List.of(Map.of("Name", "containerInsights", "Value", "enabled"))));
    }

    @Test
    void task_has_half_a_vcpu_and_one_gib_on_fargate() {
        template.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of(
                "Family", "aistudio-dev-frontend",
                "Cpu", "512",
                "Memory", "1024",
                "NetworkMode", "awsvpc",
                "RequiresCompatibilities", List.of("FARGATE")));
    }

    @Test
    void container_listens_on_3000_and_declares_the_management_port() {
        assertEquals(List.of(
                Map.of("ContainerPort", 3000, "Name", "http", "Protocol", "tcp"),
                Map.of("ContainerPort", 3001, "Name", "management", "Protocol", "tcp")),
                container.get("PortMappings"));
    }

    @Test
    void container_health_check_calls_api_health() {
        assertEquals(Map.of(
                "Command", List.of("CMD-SHELL", "curl -fsS -o /dev/null http://localhost:3000/api/health || exit 1"),
                "Interval", 30, "Timeout", 5, "Retries", 3, "StartPeriod", 60),
                container.get("HealthCheck"));
    }

    @Test
    void container_stop_timeout_leaves_room_for_the_25_second_drain() {
        assertEquals(40, container.get("StopTimeout"));
        assertEquals("25s", environment().get("AISTUDIO_SHUTDOWN_DRAIN"));
    }

    @Test
    void container_environment_configures_the_host() {
        Map<String, String> env = environment();
        assertEquals("dev", env.get("AISTUDIO_ENV"));
        assertEquals("json", env.get("AISTUDIO_LOG_FORMAT"));
        assertEquals("aistudio-dev-api-keys", env.get("AISTUDIO_PROVIDER_SECRET_ID"));
        assertEquals("true", env.get("AISTUDIO_METRICS_CLOUDWATCH_ENABLED"));
        assertEquals("3000", env.get("PORT"));
        assertEquals("3001", env.get("MANAGEMENT_PORT"));
    }

    @Test
    void database_url_points_at_the_cluster_endpoint_with_tls() {
        String url = environment().get("DATASOURCES_DEFAULT_URL");
        assertTrue(url.contains("jdbc:postgresql://"), url);
        assertTrue(url.contains("EndpointAddress"), url);
        assertTrue(url.contains("/aistudio?sslmode=require"), url);
    }

    @Test
    void database_credentials_come_from_the_database_secret() {
        Map<String, String> secrets = secrets();
        assertTrue(secrets.get("DATASOURCES_DEFAULT_USERNAME").contains("ClusterSecretAttachment"));
        assertTrue(secrets.get("DATASOURCES_DEFAULT_USERNAME").endsWith(":username::"));
        assertTrue(secrets.get("DATASOURCES_DEFAULT_PASSWORD").contains("ClusterSecretAttachment"));
        assertTrue(secrets.get("DATASOURCES_DEFAULT_PASSWORD").endsWith(":password::"));
    }

    @Test
    void jwt_secret_comes_from_secrets_manager_when_no_jwks_url_is_given() {
        assertTrue(secrets().get("AISTUDIO_JWT_SECRET").endsWith(":secret:aistudio-dev-jwt-secret"));
        assertFalse(environment().containsKey("AISTUDIO_JWT_SECRET"));
    }

    @Test
    void no_secret_value_is_a_plain_environment_variable() {
        environment().keySet().forEach(name -> assertFalse(
                name.contains("PASSWORD") || name.contains("API_KEY") || name.endsWith("_SECRET"), name));
    }

    @Test
    void logs_go_to_the_guide_log_group() {
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of(
                "LogGroupName", "/aws/ecs/aistudio-dev-frontend"));
        assertEquals("awslogs", ((Map<?, ?>) container.get("LogConfiguration")).get("LogDriver"));
    }

    @Test
    void service_runs_on_fargate_in_private_subnets() {
        template.hasResourceProperties("AWS::ECS::Service", Map.of(
                "ServiceName", "aistudio-dev-frontend",
                "LaunchType", "FARGATE",
                "NetworkConfiguration", Map.of("AwsvpcConfiguration", Map.of("AssignPublicIp", "DISABLED")),
                "LoadBalancers", List.of(Match.objectLike(Map.of("ContainerName", "app", "ContainerPort", 3000)))));
    }

    @Test
    void deployments_roll_with_full_capacity_and_roll_back_on_failure() {
        template.hasResourceProperties("AWS::ECS::Service", Map.of(
                "DeploymentConfiguration", Map.of(
                        "MinimumHealthyPercent", 100,
                        "MaximumPercent", 200,
                        "DeploymentCircuitBreaker", Map.of("Enable", true, "Rollback", true))));
    }

    @Test
    void scaling_keeps_between_one_and_ten_tasks() {
        template.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", Map.of(
                "MinCapacity", 1,
                "MaxCapacity", 10,
                "ScalableDimension", "ecs:service:DesiredCount"));
    }

    @Test
    void scaling_tracks_cpu_at_70_percent() {
        assertTargetTracking("ECSServiceAverageCPUUtilization", 70);
    }

    @Test
    void scaling_tracks_memory_at_80_percent() {
        assertTargetTracking("ECSServiceAverageMemoryUtilization", 80);
    }

    @Test
    void scaling_tracks_1000_requests_per_target() {
        assertTargetTracking("ALBRequestCountPerTarget", 1000);
    }

    @Test
    void the_service_has_exactly_the_three_scaling_policies() {
        template.resourceCountIs("AWS::ApplicationAutoScaling::ScalingPolicy", 3);
    }

    private void assertTargetTracking(String metricType, int target) {
        template.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", Map.of(
                "PolicyType", "TargetTrackingScaling",
                "TargetTrackingScalingPolicyConfiguration", Map.of(
                        "PredefinedMetricSpecification", Map.of("PredefinedMetricType", metricType),
                        "TargetValue", target,
                        "ScaleInCooldown", 300,
                        "ScaleOutCooldown", 60)));
    }

    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        for (Object entry : list(container.get("Environment"))) {
            Map<?, ?> pair = (Map<?, ?>) entry;
            env.put((String) pair.get("Name"), text(pair.get("Value")));
        }
        return env;
    }

    private Map<String, String> secrets() {
        Map<String, String> secrets = new HashMap<>();
        for (Object entry : list(container.get("Secrets"))) {
            Map<?, ?> pair = (Map<?, ?>) entry;
            secrets.put((String) pair.get("Name"), text(pair.get("ValueFrom")));
        }
        return secrets;
    }
}

package org.aistudio.ops.service;

import static org.aistudio.ops.Synthesized.list;
import static org.aistudio.ops.Synthesized.onlyLogicalId;
import static org.aistudio.ops.Synthesized.onlyResource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

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
class LoadBalancerTest {

    private Template template;
    private Map<String, Object> loadBalancer;
    private Map<String, Object> targetGroup;

    @BeforeAll
    void synthesize() {
        template = Synthesized.dev().service;
        loadBalancer = onlyResource(template, "AWS::ElasticLoadBalancingV2::LoadBalancer", Map.of());
        targetGroup = onlyResource(template, "AWS::ElasticLoadBalancingV2::TargetGroup", Map.of());
    }

    @Test
    void load_balancer_is_internet_facing_application_load_balancer() {
        assertEquals("internet-facing", loadBalancer.get("Scheme"));
        assertEquals("application", loadBalancer.get("Type"));
        assertEquals("aistudio-dev-alb", loadBalancer.get("Name"));
    }

    @Test
    void load_balancer_speaks_http2_to_clients() {
        assertEquals("true", attributes(loadBalancer, "LoadBalancerAttributes").get("routing.http2.enabled"));
    }

    @Test
    void load_balancer_idle_timeout_is_300_seconds() {
        assertEquals("300", attributes(loadBalancer, "LoadBalancerAttributes").get("idle_timeout.timeout_seconds"));
    }

    @Test
    void https_listener_on_443_uses_the_certificate_and_tls_12_or_newer() {
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of(
                "Port", 443,
                "Protocol", "HTTPS",
                "Certificates", List.of(Map.of("CertificateArn", Synthesized.CERTIFICATE)),
                "SslPolicy", "ELBSecurityPolicy-TLS13-1-2-2021-06",
                "DefaultActions", List.of(Match.objectLike(Map.of("Type", "forward")))));
    }

    @Test
    void http_listener_on_80_only_redirects_to_https() {
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of(
                "Port", 80,
                "Protocol", "HTTP",
                "DefaultActions", List.of(Map.of(
                        "Type", "redirect",
                        "RedirectConfig", Map.of("Port", "443", "Protocol", "HTTPS", "StatusCode", "HTTP_301")))));
    }

    @Test
    void there_are_only_the_two_listeners() {
        template.resourceCountIs("AWS::ElasticLoadBalancingV2::Listener", 2);
    }

    @Test
    void target_group_forwards_http1_to_port_3000_by_ip() {
        assertEquals("aistudio-dev-frontend-tg", targetGroup.get("Name"));
        assertEquals(3000, targetGroup.get("Port"));
        assertEquals("HTTP", targetGroup.get("Protocol"));
        assertEquals("HTTP1", targetGroup.get("ProtocolVersion"));
        assertEquals("ip", targetGroup.get("TargetType"));
    }

    @Test
    void target_group_health_check_is_api_health_every_30_seconds() {
        assertEquals("/api/health", targetGroup.get("HealthCheckPath"));
        assertEquals(30, targetGroup.get("HealthCheckIntervalSeconds"));
        assertEquals(5, targetGroup.get("HealthCheckTimeoutSeconds"));
        assertEquals(2, targetGroup.get("HealthyThresholdCount"));
        assertEquals(3, targetGroup.get("UnhealthyThresholdCount"));
        assertEquals(Map.of("HttpCode", "200"), targetGroup.get("Matcher"));
    }

    @Test
    void target_group_deregistration_delay_is_30_seconds() {
        assertEquals("30",
                attributes(targetGroup, "TargetGroupAttributes").get("deregistration_delay.timeout_seconds"));
    }

    @Test
    void target_group_sticks_sessions_for_an_hour_with_a_load_balancer_cookie() {
        Map<String, String> attributes = attributes(targetGroup, "TargetGroupAttributes");
        assertEquals("true", attributes.get("stickiness.enabled"));
        assertEquals("lb_cookie", attributes.get("stickiness.type"));
        assertEquals("3600", attributes.get("stickiness.lb_cookie.duration_seconds"));
    }

    @Test
    void tasks_accept_only_port_3000_and_only_from_the_load_balancer() {
        String serviceGroup = onlyLogicalId(template, "AWS::EC2::SecurityGroup",
                Map.of("GroupName", "aistudio-dev-frontend-sg"));
        String albGroup = onlyLogicalId(template, "AWS::EC2::SecurityGroup",
                Map.of("GroupName", "aistudio-dev-alb-sg"));
        Map<String, Map<String, Object>> ingress = template.findResources("AWS::EC2::SecurityGroupIngress",
                Map.of("Properties", Map.of("GroupId", Map.of("Fn::GetAtt", List.of(serviceGroup, "GroupId")))));
        assertEquals(1, ingress.size(), ingress.keySet().toString());
        Map<?, ?> rule = (Map<?, ?>) ingress.values().iterator().next().get("Properties");
        assertEquals(3000, rule.get("FromPort"));
        assertEquals(3000, rule.get("ToPort"));
        assertEquals(Map.of("Fn::GetAtt", List.of(albGroup, "GroupId")), rule.get("SourceSecurityGroupId"));
        assertEquals(null, onlyResource(template, "AWS::EC2::SecurityGroup",
                Map.of("GroupName", "aistudio-dev-frontend-sg")).get("SecurityGroupIngress"));
    }

    @Test
    void management_port_3001_is_never_reachable_through_the_load_balancer() {
        template.findResources("AWS::EC2::SecurityGroupIngress", Map.of()).values().forEach(resource -> {
            Map<?, ?> rule = (Map<?, ?>) resource.get("Properties");
            assertNotEquals(3001, rule.get("FromPort"));
        });
        template.findResources("AWS::ElasticLoadBalancingV2::TargetGroup", Map.of()).values().forEach(resource ->
                assertNotEquals(3001, ((Map<?, ?>) resource.get("Properties")).get("Port")));
    }

    @Test
    void load_balancer_accepts_only_443_and_80_from_the_internet() {
        Map<String, Object> group = onlyResource(template, "AWS::EC2::SecurityGroup",
                Map.of("GroupName", "aistudio-dev-alb-sg"));
        List<Integer> ports = list(group.get("SecurityGroupIngress")).stream()
                .map(rule -> (Integer) ((Map<?, ?>) rule).get("FromPort"))
                .sorted()
                .toList();
        assertEquals(List.of(80, 443), ports);
    }

    private static Map<String, String> attributes(Map<String, Object> resource, String key) {
        Map<String, String> attributes = new HashMap<>();
        for (Object entry : list(resource.get(key))) {
            Map<?, ?> pair = (Map<?, ?>) entry;
            attributes.put((String) pair.get("Key"), (String) pair.get("Value"));
        }
        return attributes;
    }
}

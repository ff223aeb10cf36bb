package org.aistudio.ops.service;

import java.util.List;
import org.aistudio.ops.Settings;
import org.aistudio.ops.network.NetworkStack;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancerRedirectConfig;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocolVersion;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.elasticloadbalancingv2.TargetType;
import software.constructs.Construct;

/**
 * The internet-facing load balancer: HTTPS on 443 (HTTP on 80 only redirects), one target group
 * on the host's port 3000. The management port 3001 is never a target.
 *
 * <p>Protocols: the ALB speaks HTTP/2 to browsers and, with protocol version HTTP1, HTTP/1.1 to
 * the targets. That is the ALB's default and the safe choice for SSE: each stream is one
 * long-lived HTTP/1.1 response that the ALB forwards chunk by chunk. The host serves HTTP/1.1,
 * h2c and h2 alike, so switching the target group to HTTP2 later needs no application change.
 */
public final class FrontendLoadBalancer extends Construct {

    public static final String HEALTH_PATH = "/api/health";
    /** Above the host's 15 s keep-alive comments, so a silent reasoning model is never cut off. */
    public static final Duration IDLE_TIMEOUT = Duration.seconds(300);
    public static final Duration DEREGISTRATION_DELAY = Duration.seconds(30);
    /** The guide's stickiness; resume works from any task, so this only saves a database tail. */
    public static final Duration STICKINESS = Duration.hours(1);

    private final ApplicationLoadBalancer loadBalancer;
    private final ApplicationTargetGroup targetGroup;
    private final ApplicationListener httpsListener;

    public FrontendLoadBalancer(Construct scope, String id, Settings settings, IVpc vpc) {
        super(scope, id);
        SecurityGroup securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
                .securityGroupName(settings.name("alb-sg"))
                .description("Internet-facing load balancer: 443 and 80 (redirect) from anywhere")
                .vpc(vpc)
                .allowAllOutbound(false)
                .build();
        this.loadBalancer = ApplicationLoadBalancer.Builder.create(this, "Alb")
                .loadBalancerName(settings.name("alb"))
                .vpc(vpc)
                .internetFacing(true)
                .vpcSubnets(SubnetSelection.builder().subnetGroupName(NetworkStack.PUBLIC).build())
                .securityGroup(securityGroup)
                .http2Enabled(true)
                .idleTimeout(IDLE_TIMEOUT)
                .dropInvalidHeaderFields(true)
                .build();

        this.targetGroup = ApplicationTargetGroup.Builder.create(this, "TargetGroup")
                .targetGroupName(settings.name("frontend-tg"))
                .vpc(vpc)
                .targetType(TargetType.IP)
                .protocol(ApplicationProtocol.HTTP)
                .protocolVersion(ApplicationProtocolVersion.HTTP1)
                .port(ContainerSettings.HTTP_PORT)
                .healthCheck(HealthCheck.builder()
                        .path(HEALTH_PATH)
                        .interval(Duration.seconds(30))
                        .timeout(Duration.seconds(5))
                        .healthyThresholdCount(2)
                        .unhealthyThresholdCount(3)
                        .healthyHttpCodes("200")
                        .build())
                .deregistrationDelay(DEREGISTRATION_DELAY)
                .stickinessCookieDuration(STICKINESS)
                .build();

        this.httpsListener = loadBalancer.addListener("Https", BaseApplicationListenerProps.builder()
                .port(443)
                .protocol(ApplicationProtocol.HTTPS)
                .certificates(List.of(ListenerCertificate.fromArn(settings.certificateArn())))
                // TLS 1.3 with TLS 1.2 as the floor.
                .sslPolicy(SslPolicy.RECOMMENDED_TLS)
                .defaultTargetGroups(List.of(targetGroup))
                .open(true)
                .build());
        loadBalancer.addRedirect(ApplicationLoadBalancerRedirectConfig.builder()
                .sourcePort(80)
                .sourceProtocol(ApplicationProtocol.HTTP)
                .targetPort(443)
                .targetProtocol(ApplicationProtocol.HTTPS)
                .build());
    }

    public ApplicationLoadBalancer loadBalancer() {
        return loadBalancer;
    }

    public ApplicationTargetGroup targetGroup() {
        return targetGroup;
    }

    public ApplicationListener httpsListener() {
        return httpsListener;
    }
}

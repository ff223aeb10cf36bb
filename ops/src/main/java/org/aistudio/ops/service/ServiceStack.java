package org.aistudio.ops.service;

import java.util.List;
import java.util.Map;
import org.aistudio.ops.Settings;
import org.aistudio.ops.network.NetworkStack;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecs.AwsLogDriverMode;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.CpuUtilizationScalingProps;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargatePlatformVersion;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.HealthCheck;
import software.amazon.awscdk.services.ecs.LoadBalancerTargetOptions;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.MemoryUtilizationScalingProps;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.PropagatedTagSource;
import software.amazon.awscdk.services.ecs.RequestCountScalingProps;
import software.amazon.awscdk.services.ecs.ScalableTaskCount;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.rds.IDatabaseCluster;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * The guide's "FrontendStack": the ECS cluster, the Fargate service running the host, its load
 * balancer and its auto scaling.
 */
public final class ServiceStack extends Stack {

    public static final String CONTAINER_NAME = "app";
    public static final int CPU = 512;
    public static final int MEMORY_MIB = 1024;
    public static final Duration STOP_TIMEOUT = Duration.seconds(40);
    public static final int MIN_TASKS = 1;
    public static final int MAX_TASKS = 10;
    public static final Duration SCALE_IN_COOLDOWN = Duration.seconds(300);
    public static final Duration SCALE_OUT_COOLDOWN = Duration.seconds(60);
    static final int POSTGRES_PORT = 5432;

    private final FrontendLoadBalancer frontend;

    public ServiceStack(Construct scope, String id, StackProps props, Settings settings, IVpc vpc,
            IDatabaseCluster database, ISecret databaseSecret, IRepository repository) {
        super(scope, id, props);
        if (!settings.hasRealCertificate()) {
            Annotations.of(this).addWarningV2("aistudio:certificate",
                    "no certificateArn in context: the HTTPS listener uses a placeholder and deploy will fail;"
                            + " pass -c certificateArn=arn:aws:acm:...");
        }
        Cluster cluster = Cluster.Builder.create(this, "Cluster")
                .clusterName(settings.name("cluster"))
                .vpc(vpc)
                .containerInsightsV2(ContainerInsights.ENABLED)
                .build();

        LogGroup logGroup = LogGroup.Builder.create(this, "Logs")
                .logGroupName("/aws/ecs/" + settings.name("frontend"))
                .retention(settings.production() ? RetentionDays.THREE_MONTHS : RetentionDays.ONE_MONTH)
                .removalPolicy(settings.production() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .build();

        Role taskRole = Role.Builder.create(this, "TaskRole")
                .roleName(settings.name("frontend-task"))
                .description("What the running host may do in AWS")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .inlinePolicies(Map.of("aistudio-task", TaskRolePolicy.document(this, settings)))
                .build();

        FargateTaskDefinition task = FargateTaskDefinition.Builder.create(this, "Task")
                .family(settings.name("frontend"))
                .cpu(CPU)
                .memoryLimitMiB(MEMORY_MIB)
                .taskRole(taskRole)
                .build();
        task.addContainer(CONTAINER_NAME, ContainerDefinitionOptions.builder()
                .image(ContainerImage.fromEcrRepository(repository, settings.imageTag()))
                .essential(true)
                .portMappings(List.of(
                        PortMapping.builder().name("http").containerPort(ContainerSettings.HTTP_PORT).build(),
                        // Named so the task definition documents it; no target group and no
                        // security group rule lets any traffic reach it.
                        PortMapping.builder().name("management")
                                .containerPort(ContainerSettings.MANAGEMENT_PORT).build()))
                .environment(ContainerSettings.environment(this, settings, database))
                .secrets(ContainerSettings.secrets(this, settings, databaseSecret))
                .healthCheck(HealthCheck.builder()
                        .command(List.of("CMD-SHELL",
                                "curl -fsS -o /dev/null http://localhost:3000" + FrontendLoadBalancer.HEALTH_PATH
                                        + " || exit 1"))
                        .interval(Duration.seconds(30))
                        .timeout(Duration.seconds(5))
                        .retries(3)
                        .startPeriod(Duration.seconds(60))
                        .build())
                .stopTimeout(STOP_TIMEOUT)
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder()
                        .logGroup(logGroup)
                        .streamPrefix("frontend")
                        // A CloudWatch Logs slowdown must never block stdout and, with it, the
                        // threads writing tokens to clients; a full buffer drops log lines instead.
                        .mode(AwsLogDriverMode.NON_BLOCKING)
                        .maxBufferSize(Size.mebibytes(25))
                        .build()))
                .build());

        SecurityGroup serviceSecurityGroup = SecurityGroup.Builder.create(this, "ServiceSecurityGroup")
                .securityGroupName(settings.name("frontend-sg"))
                .description("Fargate tasks: port 3000 from the load balancer only; all outbound for providers")
                .vpc(vpc)
                .allowAllOutbound(true)
                .build();
        FargateService service = FargateService.Builder.create(this, "Service")
                .serviceName(settings.name("frontend"))
                .cluster(cluster)
                .taskDefinition(task)
                .platformVersion(FargatePlatformVersion.LATEST)
                .vpcSubnets(SubnetSelection.builder().subnetGroupName(NetworkStack.APP).build())
                .securityGroups(List.of(serviceSecurityGroup))
                .assignPublicIp(false)
                .minHealthyPercent(100)
                .maxHealthyPercent(200)
                .healthCheckGracePeriod(Duration.seconds(60))
                // A new revision whose tasks never turn healthy is rolled back to the last good one.
                .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
                .propagateTags(PropagatedTagSource.SERVICE)
                .enableEcsManagedTags(true)
                .build();

        this.frontend = new FrontendLoadBalancer(this, "Frontend", settings, vpc);
        frontend.targetGroup().addTarget(service.loadBalancerTarget(LoadBalancerTargetOptions.builder()
                .containerName(CONTAINER_NAME)
                .containerPort(ContainerSettings.HTTP_PORT)
                .build()));
        // A "remote" rule is created in the peer's stack, this one, so the database stack does
        // not come to depend on the service stack (which would be a cycle).
        database.getConnections().getSecurityGroups().forEach(databaseGroup ->
                databaseGroup.addIngressRule(serviceSecurityGroup, Port.tcp(POSTGRES_PORT), "host to PostgreSQL",
                        true));

        ScalableTaskCount scaling = service.autoScaleTaskCount(EnableScalingProps.builder()
                .minCapacity(MIN_TASKS)
                .maxCapacity(MAX_TASKS)
                .build());
        scaling.scaleOnCpuUtilization("CpuScaling", CpuUtilizationScalingProps.builder()
                .targetUtilizationPercent(70)
                .scaleInCooldown(SCALE_IN_COOLDOWN)
                .scaleOutCooldown(SCALE_OUT_COOLDOWN)
                .build());
        scaling.scaleOnMemoryUtilization("MemoryScaling", MemoryUtilizationScalingProps.builder()
                .targetUtilizationPercent(80)
                .scaleInCooldown(SCALE_IN_COOLDOWN)
                .scaleOutCooldown(SCALE_OUT_COOLDOWN)
                .build());
        scaling.scaleOnRequestCount("RequestScaling", RequestCountScalingProps.builder()
                .requestsPerTarget(1000)
                .targetGroup(frontend.targetGroup())
                .scaleInCooldown(SCALE_IN_COOLDOWN)
                .scaleOutCooldown(SCALE_OUT_COOLDOWN)
                .build());

        output("LoadBalancerDns", frontend.loadBalancer().getLoadBalancerDnsName(),
                "point the site's DNS (CNAME or alias) here");
        output("ServiceSecurityGroupId", serviceSecurityGroup.getSecurityGroupId(),
                "security group for one-off tasks such as migrations");
        output("AppSubnetIds", String.join(",", vpc.selectSubnets(SubnetSelection.builder()
                .subnetGroupName(NetworkStack.APP).build()).getSubnetIds()),
                "subnets for one-off tasks such as migrations");
    }

    public FrontendLoadBalancer frontend() {
        return frontend;
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }
}

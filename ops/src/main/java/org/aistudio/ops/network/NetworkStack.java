package org.aistudio.ops.network;

import java.util.List;
import org.aistudio.ops.Settings;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.constructs.Construct;

/**
 * The VPC: public subnets for the load balancer and NAT, private subnets with egress for the
 * tasks (they call OpenAI, Azure, Gemini and Bedrock over the internet), isolated subnets for
 * the database, which never needs to leave the VPC.
 */
public final class NetworkStack extends Stack {

    public static final String PUBLIC = "public";
    public static final String APP = "app";
    public static final String DATA = "data";

    private final Vpc vpc;

    public NetworkStack(Construct scope, String id, StackProps props, Settings settings) {
        super(scope, id, props);
        this.vpc = Vpc.Builder.create(this, "Vpc")
                .vpcName(settings.name("vpc"))
                .ipAddresses(IpAddresses.cidr("10.40.0.0/16"))
                .maxAzs(2)
                // One NAT gateway is a single point of failure for outbound calls; production pays
                // for one per AZ so losing an AZ does not cut every task off from the providers.
                .natGateways(settings.production() ? 2 : 1)
                .subnetConfiguration(List.of(
                        subnet(PUBLIC, SubnetType.PUBLIC),
                        subnet(APP, SubnetType.PRIVATE_WITH_EGRESS),
                        subnet(DATA, SubnetType.PRIVATE_ISOLATED)))
                .build();
    }

    public IVpc vpc() {
        return vpc;
    }

    private static SubnetConfiguration subnet(String name, SubnetType type) {
        return SubnetConfiguration.builder().name(name).subnetType(type).cidrMask(22).build();
    }
}

package org.aistudio.ops.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.aistudio.ops.Synthesized;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NetworkStackTest {

    private Template template;

    @BeforeAll
    void synthesize() {
        template = Synthesized.dev().network;
    }

    @Test
    void one_vpc_named_for_the_environment() {
        template.resourceCountIs("AWS::EC2::VPC", 1);
        template.hasResourceProperties("AWS::EC2::VPC", Map.of("CidrBlock", "10.40.0.0/16"));
    }

    @Test
    void two_availability_zones_with_public_app_and_data_subnets() {
        template.resourceCountIs("AWS::EC2::Subnet", 6);
        for (String type : new String[] {"Public", "Private", "Isolated"}) {
            assertEquals(2, template.findResources("AWS::EC2::Subnet", Map.of("Properties", Map.of("Tags",
                    Match.arrayWith(List.of(Map.of("Key", "aws-cdk:subnet-type", "Value", type)))))).size(), type);
        }
    }

    @Test
    void tasks_reach_the_internet_through_nat_and_the_database_subnets_do_not() {
        template.resourceCountIs("AWS::EC2::NatGateway", 1);
        // One default route per public subnet (internet gateway) and per app subnet (NAT);
        // isolated subnets have none.
        template.resourceCountIs("AWS::EC2::Route", 4);
    }
}

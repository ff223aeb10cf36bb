package org.aistudio.ops;

import org.aistudio.ops.database.DatabaseStack;
import org.aistudio.ops.monitoring.MonitoringStack;
import org.aistudio.ops.network.NetworkStack;
import org.aistudio.ops.registry.RegistryStack;
import org.aistudio.ops.service.ServiceStack;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.constructs.Construct;

/**
 * Every stack of one environment, wired together. Deploy order follows the references:
 * network, registry, database, service (the guide's FrontendStack), monitoring.
 */
public record AistudioApp(
        NetworkStack network,
        RegistryStack registry,
        DatabaseStack database,
        ServiceStack service,
        MonitoringStack monitoring) {

    /** Stack ids keep the guide's {@code AIStudio-<Name>Stack-<env>} form used by cdk deploy. */
    public static String stackId(String name, Settings settings) {
        return "AIStudio-" + name + "Stack-" + settings.env();
    }

    /**
     * @param environment account and region, or {@code null} for an environment-agnostic
     *     synthesis (what the tests use: no AWS account is needed)
     */
    public static AistudioApp build(Construct scope, Settings settings, Environment environment) {
        // Exports stay in place while an importing stack still uses them (CloudFormation's own
        // rule); said explicitly so the choice is deliberate, not a default that may change.
        scope.getNode().setContext("@aws-cdk/core:defaultCrossStackReferences", "strong");
        StackProps props = StackProps.builder().env(environment).build();
        NetworkStack network = new NetworkStack(scope, stackId("Network", settings), props, settings);
        RegistryStack registry = new RegistryStack(scope, stackId("Registry", settings), props, settings);
        DatabaseStack database = new DatabaseStack(scope, stackId("Database", settings), props, settings,
                network.vpc());
        ServiceStack service = new ServiceStack(scope, stackId("Frontend", settings), props, settings,
                network.vpc(), database.cluster(), database.secret(), registry.repository());
        MonitoringStack monitoring = new MonitoringStack(scope, stackId("Monitoring", settings), props, settings,
                service.frontend());
        Tags.of(scope).add("Project", "aistudio");
        Tags.of(scope).add("Environment", settings.env());
        return new AistudioApp(network, registry, database, service, monitoring);
    }
}

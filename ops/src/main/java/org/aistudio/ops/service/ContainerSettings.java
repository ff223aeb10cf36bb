package org.aistudio.ops.service;

import java.util.LinkedHashMap;
import java.util.Map;
import org.aistudio.ops.Settings;
import org.aistudio.ops.database.DatabaseStack;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.rds.IDatabaseCluster;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * The container's configuration: plain environment variables, and the values ECS reads from
 * Secrets Manager when it starts a task (so they never appear in the task definition).
 */
final class ContainerSettings {

    static final int HTTP_PORT = 3000;
    static final int MANAGEMENT_PORT = 3001;
    /**
     * The host's own drain on SIGTERM. ECS sends SIGTERM only after the target group's 30 s
     * deregistration delay; the container's 40 s stop timeout then leaves 15 s beyond the
     * drain for jobs to be marked failed and the JVM to exit before SIGKILL.
     */
    static final String SHUTDOWN_DRAIN = "25s";

    private ContainerSettings() {
    }

    static Map<String, String> environment(Stack stack, Settings settings, IDatabaseCluster database) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AISTUDIO_ENV", settings.env());
        env.put("AISTUDIO_LOG_FORMAT", "json");
        env.put("AISTUDIO_PROVIDER_SECRET_ID", settings.name("api-keys"));
        env.put("AISTUDIO_METRICS_CLOUDWATCH_ENABLED", "true");
        env.put("AISTUDIO_SHUTDOWN_DRAIN", SHUTDOWN_DRAIN);
        env.put("AWS_REGION", stack.getRegion());
        env.put("PORT", Integer.toString(HTTP_PORT));
        env.put("MANAGEMENT_PORT", Integer.toString(MANAGEMENT_PORT));
        // The generated secret stores host, port and dbname as separate keys and ECS cannot join
        // them into one value, so the URL is built from the cluster endpoint; the credentials,
        // which rotate, still come from the secret.
        env.put("DATASOURCES_DEFAULT_URL", "jdbc:postgresql://" + database.getClusterEndpoint().getSocketAddress()
                + "/" + DatabaseStack.DATABASE_NAME + "?sslmode=require");
        settings.jwtJwksUrl().ifPresent(url -> env.put("AISTUDIO_JWT_JWKS_URL", url));
        settings.jwtIssuer().ifPresent(issuer -> env.put("AISTUDIO_JWT_ISSUER", issuer));
        settings.jwtAudience().ifPresent(audience -> env.put("AISTUDIO_JWT_AUDIENCE", audience));
        return env;
    }

    static Map<String, Secret> secrets(Construct scope, Settings settings, ISecret databaseSecret) {
        Map<String, Secret> secrets = new LinkedHashMap<>();
        secrets.put("DATASOURCES_DEFAULT_USERNAME", Secret.fromSecretsManager(databaseSecret, "username"));
        secrets.put("DATASOURCES_DEFAULT_PASSWORD", Secret.fromSecretsManager(databaseSecret, "password"));
        if (settings.jwtJwksUrl().isEmpty()) {
            // Without a JWKS URL the host would fall back to its development secret, which it
            // prints at start-up: never acceptable here. The HS256 secret is shared with the
            // token issuer and created by the operator (see RUNBOOK.md).
            ISecret jwt = software.amazon.awscdk.services.secretsmanager.Secret.fromSecretNameV2(
                    scope, "JwtSecret", settings.name("jwt-secret"));
            secrets.put("AISTUDIO_JWT_SECRET", Secret.fromSecretsManager(jwt));
        }
        return secrets;
    }
}

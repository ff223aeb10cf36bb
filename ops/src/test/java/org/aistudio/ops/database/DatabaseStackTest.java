package org.aistudio.ops.database;

import static org.aistudio.ops.Synthesized.onlyResource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.aistudio.ops.Synthesized;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseStackTest {

    private Template template;
    private Map<String, Object> cluster;

    @BeforeAll
    void synthesize() {
        template = Synthesized.dev().database;
        cluster = onlyResource(template, "AWS::RDS::DBCluster", Map.of());
    }

    @Test
    void cluster_is_aurora_postgresql_16_or_17() {
        assertEquals("aurora-postgresql", cluster.get("Engine"));
        String version = String.valueOf(cluster.get("EngineVersion"));
        assertTrue(version.matches("1[67]\\.\\d+"), version);
        assertEquals("aistudio-dev-db", cluster.get("DBClusterIdentifier"));
        assertEquals("aistudio", cluster.get("DatabaseName"));
    }

    @Test
    void instances_are_serverless_v2_and_private() {
        template.resourceCountIs("AWS::RDS::DBInstance", 1);
        template.hasResourceProperties("AWS::RDS::DBInstance", Map.of(
                "DBInstanceClass", "db.serverless", "PubliclyAccessible", false));
        assertEquals(Map.of("MinCapacity", 0.5, "MaxCapacity", 4), cluster.get("ServerlessV2ScalingConfiguration"));
    }

    @Test
    void storage_is_encrypted() {
        assertEquals(true, cluster.get("StorageEncrypted"));
    }

    @Test
    void backups_are_kept_30_days_taken_between_3_and_4() {
        assertEquals(30, cluster.get("BackupRetentionPeriod"));
        assertEquals("03:00-04:00", cluster.get("PreferredBackupWindow"));
    }

    @Test
    void tags_are_copied_to_snapshots() {
        assertEquals(true, cluster.get("CopyTagsToSnapshot"));
    }

    @Test
    void credentials_are_generated_into_the_named_secret() {
        template.hasResourceProperties("AWS::SecretsManager::Secret", Map.of(
                "Name", "aistudio-dev-db-secret",
                "GenerateSecretString", Match.objectLike(Map.of("GenerateStringKey", "password"))));
        assertEquals("aistudio_admin", cluster.get("MasterUsername"));
    }

    @Test
    void credentials_rotate_every_30_days_with_hosted_single_user_rotation() {
        template.hasResourceProperties("AWS::SecretsManager::RotationSchedule", Map.of(
                "HostedRotationLambda", Match.objectLike(Map.of(
                        "RotationType", "PostgreSQLSingleUser",
                        "RotationLambdaName", "aistudio-dev-db-rotation")),
                "RotationRules", Map.of("ScheduleExpression", "rate(30 days)")));
    }

    @Test
    void deletion_protection_is_off_outside_production() {
        assertEquals(false, cluster.get("DeletionProtection"));
    }

    @Test
    void deletion_protection_is_on_in_production_with_a_reader() {
        Template prod = Synthesized.prodDatabase();
        prod.hasResourceProperties("AWS::RDS::DBCluster", Map.of(
                "DBClusterIdentifier", "aistudio-prod-db",
                "DeletionProtection", true,
                "BackupRetentionPeriod", 30,
                "StorageEncrypted", true));
        prod.resourceCountIs("AWS::RDS::DBInstance", 2);
    }

    @Test
    void the_data_api_is_enabled_for_the_guide_rds_data_permissions() {
        assertEquals(true, cluster.get("EnableHttpEndpoint"));
    }

    @Test
    void slow_statements_are_logged_and_exported() {
        template.hasResourceProperties("AWS::RDS::DBClusterParameterGroup", Map.of(
                "Parameters", Map.of("log_min_duration_statement", "1000")));
        assertEquals(List.of("postgresql"), cluster.get("EnableCloudwatchLogsExports"));
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of(
                "LogGroupName", "/aws/rds/cluster/aistudio-dev-db/postgresql", "RetentionInDays", 30));
    }

    @Test
    void database_accepts_connections_only_from_security_groups() {
        Map<String, Object> group = onlyResource(template, "AWS::EC2::SecurityGroup",
                Map.of("GroupName", "aistudio-dev-db-sg"));
        assertEquals(null, group.get("SecurityGroupIngress"));
        template.findResources("AWS::EC2::SecurityGroupIngress", Map.of()).values().forEach(rule -> {
            Map<?, ?> props = (Map<?, ?>) rule.get("Properties");
            assertEquals(null, props.get("CidrIp"));
            assertTrue(props.containsKey("SourceSecurityGroupId"));
        });
    }

    @Test
    void no_custom_resource_functions_are_needed() {
        template.resourceCountIs("AWS::Lambda::Function", 0);
        assertTrue(template.findResources("Custom::LogRetention", Map.of()).isEmpty());
    }
}

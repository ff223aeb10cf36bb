package org.aistudio.ops.database;

import java.util.List;
import java.util.Map;
import org.aistudio.ops.Settings;
import org.aistudio.ops.network.NetworkStack;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.rds.AuroraPostgresClusterEngineProps;
import software.amazon.awscdk.services.rds.AuroraPostgresEngineVersion;
import software.amazon.awscdk.services.rds.BackupProps;
import software.amazon.awscdk.services.rds.ClusterInstance;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.CredentialsBaseOptions;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.amazon.awscdk.services.rds.DatabaseClusterEngine;
import software.amazon.awscdk.services.rds.IClusterEngine;
import software.amazon.awscdk.services.rds.IClusterInstance;
import software.amazon.awscdk.services.rds.IDatabaseCluster;
import software.amazon.awscdk.services.rds.ParameterGroup;
import software.amazon.awscdk.services.rds.ServerlessV2ClusterInstanceProps;
import software.amazon.awscdk.services.secretsmanager.HostedRotation;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.RotationScheduleOptions;
import software.amazon.awscdk.services.secretsmanager.SingleUserHostedRotationOptions;
import software.constructs.Construct;

/**
 * Aurora Serverless v2 PostgreSQL with its credentials in Secrets Manager, rotated by a
 * Secrets Manager hosted rotation function.
 */
public final class DatabaseStack extends Stack {

    public static final String DATABASE_NAME = "aistudio";
    public static final String MASTER_USERNAME = "aistudio_admin";
    public static final int BACKUP_RETENTION_DAYS = 30;
    public static final String BACKUP_WINDOW = "03:00-04:00";
    /** After the backup window, so the two never overlap. */
    public static final String MAINTENANCE_WINDOW = "sun:04:30-sun:05:30";
    public static final int ROTATION_DAYS = 30;
    /** Statements slower than this are written to the exported PostgreSQL log. */
    public static final String SLOW_QUERY_MS = "1000";

    private final DatabaseCluster cluster;

    public DatabaseStack(Construct scope, String id, StackProps props, Settings settings, IVpc vpc) {
        super(scope, id, props);
        IClusterEngine engine = DatabaseClusterEngine.auroraPostgres(AuroraPostgresClusterEngineProps.builder()
                .version(AuroraPostgresEngineVersion.VER_17_5)
                .build());
        SecurityGroup securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
                .securityGroupName(settings.name("db-sg"))
                .description("Aurora PostgreSQL: reachable only from the service and the rotation function")
                .vpc(vpc)
                .allowAllOutbound(false)
                .build();

        this.cluster = DatabaseCluster.Builder.create(this, "Cluster")
                .clusterIdentifier(settings.name("db"))
                .engine(engine)
                .credentials(Credentials.fromGeneratedSecret(MASTER_USERNAME, CredentialsBaseOptions.builder()
                        .secretName(settings.name("db-secret"))
                        .build()))
                .defaultDatabaseName(DATABASE_NAME)
                .writer(ClusterInstance.serverlessV2("writer", ServerlessV2ClusterInstanceProps.builder()
                        .publiclyAccessible(false)
                        .build()))
                .readers(readers(settings))
                .serverlessV2MinCapacity(0.5)
                .serverlessV2MaxCapacity(settings.production() ? 16 : 4)
                .vpc(vpc)
                .vpcSubnets(SubnetSelection.builder().subnetGroupName(NetworkStack.DATA).build())
                .securityGroups(List.of(securityGroup))
                .storageEncrypted(true)
                .backup(BackupProps.builder()
                        .retention(Duration.days(BACKUP_RETENTION_DAYS))
                        .preferredWindow(BACKUP_WINDOW)
                        .build())
                .preferredMaintenanceWindow(MAINTENANCE_WINDOW)
                .copyTagsToSnapshot(true)
                .deletionProtection(settings.production())
                // The guide's task role grants rds-data on this cluster; the Data API also lets an
                // operator run SQL from the console's query editor without a bastion.
                .enableDataApi(true)
                .parameterGroup(ParameterGroup.Builder.create(this, "Parameters")
                        .engine(engine)
                        .description("aistudio: log slow statements")
                        .parameters(Map.of("log_min_duration_statement", SLOW_QUERY_MS))
                        .build())
                .cloudwatchLogsExports(List.of("postgresql"))
                .build();
        // Created here, before the cluster exports to it, so its retention is set without the
        // log-retention custom resource (a Lambda function) that cloudwatchLogsRetention adds.
        LogGroup postgresLog = LogGroup.Builder.create(this, "PostgresLog")
                .logGroupName("/aws/rds/cluster/" + settings.name("db") + "/postgresql")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(settings.production() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .build();
        cluster.getNode().addDependency(postgresLog);

        HostedRotation rotation = HostedRotation.postgreSqlSingleUser(SingleUserHostedRotationOptions.builder()
                .functionName(settings.name("db-rotation"))
                .vpc(vpc)
                .vpcSubnets(SubnetSelection.builder().subnetGroupName(NetworkStack.APP).build())
                .build());
        secret().addRotationSchedule("Rotation", RotationScheduleOptions.builder()
                .hostedRotation(rotation)
                .automaticallyAfter(Duration.days(ROTATION_DAYS))
                .build());
        cluster.getConnections().allowDefaultPortFrom(rotation, "secret rotation");
    }

    public IDatabaseCluster cluster() {
        return cluster;
    }

    /** The generated credentials, with host, port and dbname filled in by the attachment. */
    public ISecret secret() {
        return cluster.getSecret();
    }

    private static List<IClusterInstance> readers(Settings settings) {
        if (!settings.production()) {
            return List.of();
        }
        // A reader in the second AZ that scales with the writer is a warm failover target.
        return List.of(ClusterInstance.serverlessV2("reader", ServerlessV2ClusterInstanceProps.builder()
                .publiclyAccessible(false)
                .scaleWithWriter(true)
                .build()));
    }
}

package org.aistudio.ops.service;

import java.util.List;
import java.util.Map;
import org.aistudio.ops.Settings;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * Everything the running application may do in AWS, and nothing else: the operations guide's
 * task role, plus publishing its own metrics.
 */
public final class TaskRolePolicy {

    /** The CloudWatch namespace the application publishes to; the only one it may write. */
    public static final String METRICS_NAMESPACE = "AIStudio/Streaming";

    public static final List<String> RDS_DATA_ACTIONS = List.of(
            "rds-data:BatchExecuteStatement",
            "rds-data:BeginTransaction",
            "rds-data:CommitTransaction",
            "rds-data:ExecuteStatement",
            "rds-data:RollbackTransaction");
    public static final List<String> SECRET_ACTIONS = List.of(
            "secretsmanager:GetSecretValue",
            "secretsmanager:DescribeSecret");
    public static final List<String> BEDROCK_ACTIONS = List.of(
            "bedrock:InvokeModel",
            "bedrock:InvokeModelWithResponseStream");
    public static final List<String> S3_ACTIONS = List.of("s3:GetObject", "s3:PutObject");
    public static final List<String> LOGS_ACTIONS = List.of(
            "logs:CreateLogGroup",
            "logs:CreateLogStream",
            "logs:PutLogEvents");
    public static final List<String> METRICS_ACTIONS = List.of("cloudwatch:PutMetricData");

    private TaskRolePolicy() {
    }

    public static PolicyDocument document(Stack stack, Settings settings) {
        String partition = stack.getPartition();
        String region = stack.getRegion();
        String account = stack.getAccount();
        String secretPrefix = "arn:" + partition + ":secretsmanager:" + region + ":" + account + ":secret:";
        return PolicyDocument.Builder.create().statements(List.of(
                allow("RdsDataApi", RDS_DATA_ACTIONS,
                        "arn:" + partition + ":rds:" + region + ":" + account + ":cluster:" + settings.name("db")),
                // Secret ARNs end in a random six-character suffix, hence the trailing wildcard.
                allow("ReadSecrets", SECRET_ACTIONS,
                        secretPrefix + settings.name("db-*"),
                        secretPrefix + settings.name("api-keys-*")),
                allow("InvokeBedrockModels", BEDROCK_ACTIONS,
                        "arn:" + partition + ":bedrock:" + region + "::foundation-model/*"),
                allow("Uploads", S3_ACTIONS, "arn:" + partition + ":s3:::" + settings.name("uploads") + "/*"),
                allow("WriteLogs", LOGS_ACTIONS, "arn:" + partition + ":logs:" + region + ":" + account + ":*"),
                // The host publishes its job metrics (Micrometer's CloudWatch registry) that the
                // dashboard and the job alarms read. PutMetricData has no resource ARN, so the
                // namespace condition is what keeps the task from writing anyone else's metrics.
                PolicyStatement.Builder.create()
                        .sid("PublishAppMetrics")
                        .effect(Effect.ALLOW)
                        .actions(METRICS_ACTIONS)
                        .resources(List.of("*"))
                        .conditions(Map.of("StringEquals", Map.of("cloudwatch:namespace", METRICS_NAMESPACE)))
                        .build()))
                .build();
    }

    private static PolicyStatement allow(String sid, List<String> actions, String... resources) {
        return PolicyStatement.Builder.create()
                .sid(sid)
                .effect(Effect.ALLOW)
                .actions(actions)
                .resources(List.of(resources))
                .build();
    }
}

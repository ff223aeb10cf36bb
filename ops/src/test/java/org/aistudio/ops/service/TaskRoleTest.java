package org.aistudio.ops.service;

import static org.aistudio.ops.Synthesized.list;
import static org.aistudio.ops.Synthesized.onlyLogicalId;
import static org.aistudio.ops.Synthesized.onlyResource;
import static org.aistudio.ops.Synthesized.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.aistudio.ops.Synthesized;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.assertions.Template;

/** The task role grants exactly the guide's permissions plus PutMetricData, nothing more. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskRoleTest {

    private static final String ROLE = "aistudio-dev-frontend-task";

    private Template template;
    private Map<String, Map<?, ?>> statements;

    @BeforeAll
    void synthesize() {
        template = Synthesized.dev().service;
        Map<String, Object> role = onlyResource(template, "AWS::IAM::Role", Map.of("RoleName", ROLE));
        List<Object> policies = list(role.get("Policies"));
        assertEquals(1, policies.size());
        Map<?, ?> document = (Map<?, ?>) ((Map<?, ?>) policies.get(0)).get("PolicyDocument");
        statements = new TreeMap<>();
        for (Object statement : list(document.get("Statement"))) {
            Map<?, ?> s = (Map<?, ?>) statement;
            statements.put((String) s.get("Sid"), s);
        }
    }

    @Test
    void the_role_has_exactly_six_statements_all_allow() {
        assertEquals(Set.of("RdsDataApi", "ReadSecrets", "InvokeBedrockModels", "Uploads", "WriteLogs",
                "PublishAppMetrics"), statements.keySet());
        statements.values().forEach(s -> assertEquals("Allow", s.get("Effect")));
    }

    @Test
    void no_other_actions_are_granted() {
        Set<String> all = new TreeSet<>();
        statements.values().forEach(s -> list(s.get("Action")).forEach(a -> all.add((String) a)));
        Set<String> expected = new TreeSet<>();
        expected.addAll(TaskRolePolicy.RDS_DATA_ACTIONS);
        expected.addAll(TaskRolePolicy.SECRET_ACTIONS);
        expected.addAll(TaskRolePolicy.BEDROCK_ACTIONS);
        expected.addAll(TaskRolePolicy.S3_ACTIONS);
        expected.addAll(TaskRolePolicy.LOGS_ACTIONS);
        expected.add("cloudwatch:PutMetricData");
        assertEquals(expected, all);
        assertEquals(15, all.size());
    }

    @Test
    void rds_data_api_on_the_cluster_only() {
        assertStatement("RdsDataApi", List.of(
                "rds-data:BatchExecuteStatement", "rds-data:BeginTransaction", "rds-data:CommitTransaction",
                "rds-data:ExecuteStatement", "rds-data:RollbackTransaction"),
                List.of("arn:${Ref:AWS::Partition}:rds:${Ref:AWS::Region}:${Ref:AWS::AccountId}"
                        + ":cluster:aistudio-dev-db"));
    }

    @Test
    void secrets_read_on_db_and_api_keys_secrets_only() {
        String prefix = "arn:${Ref:AWS::Partition}:secretsmanager:${Ref:AWS::Region}:${Ref:AWS::AccountId}:secret:";
        assertStatement("ReadSecrets", List.of("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"),
                List.of(prefix + "aistudio-dev-db-*", prefix + "aistudio-dev-api-keys-*"));
    }

    @Test
    void bedrock_invoke_on_foundation_models_only() {
        assertStatement("InvokeBedrockModels", List.of("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"),
                List.of("arn:${Ref:AWS::Partition}:bedrock:${Ref:AWS::Region}::foundation-model/*"));
    }

    @Test
    void s3_get_and_put_on_the_uploads_bucket_only() {
        assertStatement("Uploads", List.of("s3:GetObject", "s3:PutObject"),
                List.of("arn:${Ref:AWS::Partition}:s3:::aistudio-dev-uploads/*"));
    }

    @Test
    void logs_in_this_account_and_region() {
        assertStatement("WriteLogs", List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"),
                List.of("arn:${Ref:AWS::Partition}:logs:${Ref:AWS::Region}:${Ref:AWS::AccountId}:*"));
    }

    @Test
    void metrics_only_into_the_application_namespace() {
        Map<?, ?> statement = statements.get("PublishAppMetrics");
        assertEquals("cloudwatch:PutMetricData", statement.get("Action"));
        assertEquals("*", statement.get("Resource"));
        assertEquals(Map.of("StringEquals", Map.of("cloudwatch:namespace", "AIStudio/Streaming")),
                statement.get("Condition"));
    }

    @Test
    void no_separate_policy_is_attached_to_the_task_role() {
        String roleId = onlyLogicalId(template, "AWS::IAM::Role", Map.of("RoleName", ROLE));
        template.findResources("AWS::IAM::Policy", Map.of()).values().forEach(policy -> {
            Map<?, ?> props = (Map<?, ?>) policy.get("Properties");
            assertFalse(list(props.get("Roles")).contains(Map.of("Ref", roleId)), "policy attached to task role");
        });
        assertEquals(null, onlyResource(template, "AWS::IAM::Role", Map.of("RoleName", ROLE)).get("ManagedPolicyArns"));
    }

    private void assertStatement(String sid, List<String> actions, List<String> resources) {
        Map<?, ?> statement = statements.get(sid);
        assertEquals(actions, list(statement.get("Action")));
        assertEquals(resources, list(statement.get("Resource")).stream().map(r -> text(r)).toList());
        assertEquals(null, statement.get("Condition"));
    }
}

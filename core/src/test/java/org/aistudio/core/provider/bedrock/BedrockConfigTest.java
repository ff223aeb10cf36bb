package org.aistudio.core.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class BedrockConfigTest {

    @Test
    void defaults_use_the_default_region_and_credential_chain() {
        BedrockConfig config = BedrockConfig.defaults();

        assertThat(config.region()).isEqualTo(BedrockConfig.DEFAULT_REGION);
        assertThat(config.endpointOverride()).isEmpty();
        assertThat(config.credentialsProvider()).isEmpty();
        assertThat(config.thinkingBudget("high")).isEqualTo(BedrockConfig.DEFAULT_THINKING_BUDGET_HIGH);
    }

    @Test
    void a_region_that_is_not_an_aws_region_name_is_refused_with_the_variable_to_set() {
        assertThatThrownBy(() -> BedrockConfig.builder().region("Frankfurt").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AWS_REGION");
        assertThat(BedrockConfig.builder().region(" us-gov-west-1 ").build().region()).isEqualTo("us-gov-west-1");
    }

    @Test
    void an_endpoint_override_must_be_an_absolute_http_url() {
        assertThatThrownBy(() -> BedrockConfig.builder().endpointOverride("localhost:9000").build())
                .hasMessageContaining("BEDROCK_ENDPOINT");
        assertThat(BedrockConfig.builder().endpointOverride("http://127.0.0.1:9000").build().endpointOverride())
                .hasValueSatisfying(uri -> assertThat(uri.getPort()).isEqualTo(9000));
    }

    @Test
    void thinking_budgets_below_claudes_minimum_are_refused() {
        assertThatThrownBy(() -> BedrockConfig.builder().thinkingBudgets(512, 4096, 8192).build())
                .hasMessageContaining("at least 1024");
    }

    @Test
    void credentials_never_show_in_to_string() {
        BedrockConfig config = BedrockConfig.builder().credentialsProvider(StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIAEXAMPLEKEYID", "very-secret-access-key"))).build();

        assertThat(config.toString()).doesNotContain("AKIAEXAMPLEKEYID").doesNotContain("very-secret-access-key");
    }
}

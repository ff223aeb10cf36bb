package org.aistudio.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

class AppTest {

    @Test
    void stacks_keep_the_guide_names() {
        AistudioApp app = Synthesized.dev().app;
        assertEquals(List.of("AIStudio-NetworkStack-dev", "AIStudio-RegistryStack-dev",
                "AIStudio-DatabaseStack-dev", "AIStudio-FrontendStack-dev", "AIStudio-MonitoringStack-dev"),
                List.of(app.network().getStackName(), app.registry().getStackName(), app.database().getStackName(),
                        app.service().getStackName(), app.monitoring().getStackName()));
    }

    @Test
    void no_stack_has_any_sqs_or_lambda_streaming_resource() {
        for (Template template : Synthesized.dev().all()) {
            for (String type : List.of("AWS::SQS::Queue", "AWS::SQS::QueuePolicy", "AWS::Lambda::EventSourceMapping",
                    "AWS::Lambda::Function")) {
                template.resourceCountIs(type, 0);
            }
        }
    }

    @Test
    void synthesis_reports_no_errors_and_no_warnings_with_a_certificate() {
        // Read from the one synthesis: Annotations.fromStack would synthesize the app again per stack.
        Synthesized.dev().problems.forEach((stack, problems) -> assertEquals(List.of(), problems, stack));
        assertEquals(5, Synthesized.dev().problems.size());
    }

    @Test
    void image_repository_scans_pushes_and_keeps_thirty_images() {
        Synthesized.dev().registry.hasResourceProperties("AWS::ECR::Repository", Map.of(
                "RepositoryName", "aistudio-dev-frontend",
                "ImageScanningConfiguration", Map.of("ScanOnPush", true)));
    }

    @Test
    void environment_names_that_would_break_aws_name_limits_are_rejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Settings.forEnv("Production-EU-West"));
        assertTrue(error.getMessage().contains("aistudio-Production-EU-West-frontend-tg"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Settings.forEnv("x"));
    }

    @Test
    void production_is_recognised_by_name() {
        assertTrue(Settings.forEnv("prod").production());
        assertTrue(Settings.forEnv("production").production());
        assertFalse(Settings.forEnv("staging").production());
        assertEquals("aistudio-staging-cluster", Settings.forEnv("staging").name("cluster"));
    }

    @Test
    void settings_know_whether_a_real_certificate_was_given() {
        assertFalse(Settings.forEnv("dev").hasRealCertificate());
        assertTrue(Synthesized.dev().settings.hasRealCertificate());
    }
}

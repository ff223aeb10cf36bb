package org.aistudio.ops;

import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;

/**
 * The CDK entry point ({@code cdk.json} runs it). Context: {@code env} (default {@code dev}),
 * {@code certificateArn}, {@code alertEmail}, {@code imageTag}, {@code jwtJwksUrl},
 * {@code jwtIssuer}, {@code jwtAudience}, {@code jobFailureRatePercent}, {@code ttftThresholdMs}.
 */
public final class App {

    private App() {
    }

    /** Where templates go when the CDK CLI, which sets CDK_OUTDIR, is not the one running us. */
    static final String OUTDIR_PROPERTY = "aistudio.cdk.outdir";

    public static void main(String[] args) {
        AppProps.Builder props = AppProps.builder();
        if (System.getenv("CDK_OUTDIR") == null) {
            props.outdir(System.getProperty(OUTDIR_PROPERTY, "cdk.out"));
        }
        software.amazon.awscdk.App app = new software.amazon.awscdk.App(props.build());
        Settings settings = Settings.fromContext(app.getNode());
        AistudioApp.build(app, settings, environment());
        app.synth();
    }

    /** The CLI's account and region when it provides them; environment-agnostic otherwise. */
    private static Environment environment() {
        String account = System.getenv("CDK_DEFAULT_ACCOUNT");
        String region = System.getenv("CDK_DEFAULT_REGION");
        if (account == null || region == null) {
            return null;
        }
        return Environment.builder().account(account).region(region).build();
    }
}

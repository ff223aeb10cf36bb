package org.aistudio.ops;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import software.constructs.Node;

/**
 * What one deployment is: the environment name and the few values that differ between accounts.
 * Read from CDK context ({@code cdk synth -c env=prod -c certificateArn=...}) and validated once,
 * so every stack sees the same, already checked values.
 */
public record Settings(
        String env,
        String certificateArn,
        Optional<String> alertEmail,
        String imageTag,
        Optional<String> jwtJwksUrl,
        Optional<String> jwtIssuer,
        Optional<String> jwtAudience,
        double jobFailureRatePercent,
        double timeToFirstTokenThresholdMs) {

    public static final String DEFAULT_ENV = "dev";
    public static final String DEFAULT_IMAGE_TAG = "latest";
    public static final double DEFAULT_JOB_FAILURE_RATE_PERCENT = 10;
    public static final double DEFAULT_TTFT_THRESHOLD_MS = 10_000;
    /** Deploying with it fails at the listener, which is the point: synth works, deploy says why. */
    public static final String PLACEHOLDER_CERTIFICATE =
            "arn:aws:acm:us-east-1:000000000000:certificate/pass-certificateArn-in-context";

    // Target group names are limited to 32 characters: "aistudio-" + env + "-frontend-tg".
    private static final Pattern ENV_NAME = Pattern.compile("[a-z][a-z0-9]{1,10}");

    public Settings {
        Objects.requireNonNull(env, "env");
        if (!ENV_NAME.matcher(env).matches()) {
            throw new IllegalArgumentException("context env='" + env + "' must be 2 to 11 lower-case letters"
                    + " or digits starting with a letter (it becomes part of names such as aistudio-"
                    + env + "-frontend-tg, which AWS limits to 32 characters)");
        }
        if (jobFailureRatePercent <= 0 || jobFailureRatePercent > 100) {
            throw new IllegalArgumentException("context jobFailureRatePercent must be in (0, 100], got "
                    + jobFailureRatePercent);
        }
        if (timeToFirstTokenThresholdMs <= 0) {
            throw new IllegalArgumentException("context ttftThresholdMs must be positive, got "
                    + timeToFirstTokenThresholdMs);
        }
    }

    /** Settings for {@code env} with every other value at its default; handy in tests. */
    public static Settings forEnv(String env) {
        return new Settings(env, PLACEHOLDER_CERTIFICATE, Optional.empty(), DEFAULT_IMAGE_TAG,
                Optional.empty(), Optional.empty(), Optional.empty(),
                DEFAULT_JOB_FAILURE_RATE_PERCENT, DEFAULT_TTFT_THRESHOLD_MS);
    }

    public static Settings fromContext(Node node) {
        return new Settings(
                text(node, "env").orElse(DEFAULT_ENV),
                text(node, "certificateArn").orElse(PLACEHOLDER_CERTIFICATE),
                text(node, "alertEmail"),
                text(node, "imageTag").orElse(DEFAULT_IMAGE_TAG),
                text(node, "jwtJwksUrl"),
                text(node, "jwtIssuer"),
                text(node, "jwtAudience"),
                text(node, "jobFailureRatePercent").map(Double::parseDouble)
                        .orElse(DEFAULT_JOB_FAILURE_RATE_PERCENT),
                text(node, "ttftThresholdMs").map(Double::parseDouble).orElse(DEFAULT_TTFT_THRESHOLD_MS));
    }

    public Settings withCertificateArn(String arn) {
        return new Settings(env, arn, alertEmail, imageTag, jwtJwksUrl, jwtIssuer, jwtAudience,
                jobFailureRatePercent, timeToFirstTokenThresholdMs);
    }

    public Settings withAlertEmail(String email) {
        return new Settings(env, certificateArn, Optional.of(email), imageTag, jwtJwksUrl, jwtIssuer,
                jwtAudience, jobFailureRatePercent, timeToFirstTokenThresholdMs);
    }

    /** Production gets deletion protection, a reader instance and two NAT gateways. */
    public boolean production() {
        return env.equals("prod") || env.equals("production");
    }

    public boolean hasRealCertificate() {
        return !certificateArn.equals(PLACEHOLDER_CERTIFICATE);
    }

    /** {@code aistudio-{env}-{suffix}}: the one naming rule for every physical name. */
    public String name(String suffix) {
        return "aistudio-" + env + "-" + suffix;
    }

    private static Optional<String> text(Node node, String key) {
        Object value = node.tryGetContext(key);
        if (value == null || value.toString().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.toString().trim());
    }
}

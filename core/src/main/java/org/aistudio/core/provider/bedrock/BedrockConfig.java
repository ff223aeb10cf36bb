package org.aistudio.core.provider.bedrock;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * How to reach Amazon Bedrock and how to ask for reasoning. Immutable; build it with
 * {@link #builder()}, which checks every value.
 *
 * <p><b>Credentials.</b> In production leave {@link Builder#credentialsProvider} unset: the SDK's
 * default chain then finds the ECS task role (or the instance profile, or {@code AWS_*}
 * variables). Tests and local runs may pass a static provider. Credentials never appear in
 * {@link #toString()} or in errors.
 *
 * <p><b>Region and endpoint.</b> {@link Builder#region} ({@code AWS_REGION}) picks the regional
 * endpoint. {@link Builder#endpointOverride} ({@code BEDROCK_ENDPOINT}) replaces it: a VPC
 * interface endpoint in production, a fake server in tests. A plain-HTTP test server needs an
 * HTTP/1.1 client: {@code NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1)}, since the
 * SDK otherwise speaks HTTP/2 to Bedrock Runtime.
 *
 * <p><b>Reasoning effort.</b> For Anthropic Claude models that can think (3.7 and later, model
 * ids, inference profiles and ARNs containing {@code anthropic.claude}), effort {@code low},
 * {@code medium} and {@code high} becomes {@code additionalModelRequestFields.thinking =
 * {"type": "enabled", "budget_tokens": budget}} with the budgets below. Claude requires
 * {@code maxTokens} above the budget and refuses sampling changes while thinking, so with
 * thinking on: a missing {@code maxTokens} becomes budget + {@link #DEFAULT_ANSWER_TOKENS}, a
 * {@code maxTokens} at or below the budget lowers the budget to {@code maxTokens - 1} (thinking is
 * left off when that is under Claude's minimum of 1024), and {@code temperature} and {@code topP}
 * are not sent. Other models get no extra field: those that always reason (such as DeepSeek-R1)
 * still stream their reasoning.
 */
public final class BedrockConfig {

    /** The region used when none is configured. */
    public static final String DEFAULT_REGION = "us-east-1";
    public static final int DEFAULT_THINKING_BUDGET_LOW = 1024;
    public static final int DEFAULT_THINKING_BUDGET_MEDIUM = 4096;
    public static final int DEFAULT_THINKING_BUDGET_HIGH = 16384;
    /** Room for the visible answer added to the thinking budget when no {@code maxTokens} is asked. */
    public static final int DEFAULT_ANSWER_TOKENS = 4096;
    /** Claude's smallest accepted thinking budget. */
    public static final int MIN_THINKING_BUDGET = 1024;

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

    private final String region;
    private final URI endpointOverride;
    private final AwsCredentialsProvider credentialsProvider;
    private final int thinkingBudgetLow;
    private final int thinkingBudgetMedium;
    private final int thinkingBudgetHigh;

    private BedrockConfig(Builder b) {
        this.region = b.region;
        this.endpointOverride = b.endpointOverride;
        this.credentialsProvider = b.credentialsProvider;
        this.thinkingBudgetLow = b.thinkingBudgetLow;
        this.thinkingBudgetMedium = b.thinkingBudgetMedium;
        this.thinkingBudgetHigh = b.thinkingBudgetHigh;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A configuration with every default: region {@value #DEFAULT_REGION}, default credential chain. */
    public static BedrockConfig defaults() {
        return builder().build();
    }

    public String region() {
        return region;
    }

    public Optional<URI> endpointOverride() {
        return Optional.ofNullable(endpointOverride);
    }

    /** The credentials to sign with; empty means the SDK's default chain. */
    public Optional<AwsCredentialsProvider> credentialsProvider() {
        return Optional.ofNullable(credentialsProvider);
    }

    /** Claude's thinking budget for this effort, or null for an effort this adapter does not know. */
    public Integer thinkingBudget(String effort) {
        return switch (effort) {
            case "low" -> thinkingBudgetLow;
            case "medium" -> thinkingBudgetMedium;
            case "high" -> thinkingBudgetHigh;
            default -> null;
        };
    }

    @Override
    public String toString() {
        return "BedrockConfig{region=" + region + ", endpointOverride=" + endpointOverride
                + ", credentials=" + (credentialsProvider == null ? "default chain" : "explicit")
                + ", thinkingBudgets=" + thinkingBudgetLow + "/" + thinkingBudgetMedium + "/" + thinkingBudgetHigh + "}";
    }

    /** Builds a {@link BedrockConfig}; {@link #build()} refuses values that cannot work. */
    public static final class Builder {
        private String region = DEFAULT_REGION;
        private URI endpointOverride;
        private AwsCredentialsProvider credentialsProvider;
        private int thinkingBudgetLow = DEFAULT_THINKING_BUDGET_LOW;
        private int thinkingBudgetMedium = DEFAULT_THINKING_BUDGET_MEDIUM;
        private int thinkingBudgetHigh = DEFAULT_THINKING_BUDGET_HIGH;

        private Builder() {
        }

        /** The AWS region ({@code AWS_REGION}), e.g. {@code eu-west-1}. */
        public Builder region(String value) {
            this.region = value == null ? null : value.strip();
            return this;
        }

        /** Another endpoint ({@code BEDROCK_ENDPOINT}): a VPC endpoint, or a fake server in tests. */
        public Builder endpointOverride(URI value) {
            this.endpointOverride = value;
            return this;
        }

        public Builder endpointOverride(String value) {
            return endpointOverride(value == null || value.isBlank() ? null : URI.create(value.strip()));
        }

        /** Explicit credentials; leave unset in production to use the default chain (task role). */
        public Builder credentialsProvider(AwsCredentialsProvider value) {
            this.credentialsProvider = value;
            return this;
        }

        /** Claude's thinking budgets, in tokens, for reasoning effort low, medium and high. */
        public Builder thinkingBudgets(int low, int medium, int high) {
            this.thinkingBudgetLow = low;
            this.thinkingBudgetMedium = medium;
            this.thinkingBudgetHigh = high;
            return this;
        }

        public BedrockConfig build() {
            if (region == null || !REGION.matcher(region).matches()) {
                throw new IllegalArgumentException("Bedrock region must be an AWS region name such as "
                        + DEFAULT_REGION + " (set AWS_REGION), was: " + region);
            }
            if (endpointOverride != null && (!endpointOverride.isAbsolute() || endpointOverride.getHost() == null
                    || !("http".equalsIgnoreCase(endpointOverride.getScheme())
                    || "https".equalsIgnoreCase(endpointOverride.getScheme())))) {
                throw new IllegalArgumentException("Bedrock endpoint override must be an absolute http(s) URL"
                        + " (BEDROCK_ENDPOINT), was: " + endpointOverride);
            }
            if (thinkingBudgetLow < MIN_THINKING_BUDGET || thinkingBudgetMedium < thinkingBudgetLow
                    || thinkingBudgetHigh < thinkingBudgetMedium) {
                throw new IllegalArgumentException("Bedrock thinking budgets must be at least " + MIN_THINKING_BUDGET
                        + " and grow from low to high, were " + thinkingBudgetLow + "/" + thinkingBudgetMedium
                        + "/" + thinkingBudgetHigh);
            }
            return new BedrockConfig(this);
        }
    }
}

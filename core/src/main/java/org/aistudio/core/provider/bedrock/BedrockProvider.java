package org.aistudio.core.provider.bedrock;

import java.util.Objects;
import org.aistudio.core.provider.ChatListener;
import org.aistudio.core.provider.ChatProvider;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.ErrorKind;
import org.aistudio.core.provider.EventSink;
import org.aistudio.core.provider.FinishReason;
import org.aistudio.core.provider.ProviderException;
import org.aistudio.core.provider.StreamHandle;
import org.aistudio.core.provider.bedrock.internal.BedrockErrors;
import org.aistudio.core.provider.bedrock.internal.BedrockRequests;
import org.aistudio.core.provider.bedrock.internal.BedrockStream;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClientBuilder;

/**
 * Streams answers from Amazon Bedrock with {@code ConverseStream}, through the AWS SDK v2
 * {@link BedrockRuntimeAsyncClient}.
 *
 * <p>core carries no HTTP client for the SDK: either the host builds the client (typically with
 * {@code NettyNioAsyncHttpClient}) and hands it over with {@link #using}, or
 * {@link #create(BedrockConfig, SdkAsyncHttpClient)} builds one from the configuration around an
 * HTTP client the caller passes in. See {@link BedrockConfig} for credentials (the task role
 * through the default chain in production), region, endpoint override and reasoning effort.
 * Build host clients without SDK retries ({@code AwsRetryStrategy.doNotRetry()}), as
 * {@link #buildClient} does: retries before the first token belong to the resilience wrapper,
 * which sees every attempt.
 *
 * <p>Mapping: system messages go to {@code system}; consecutive messages of one role are merged
 * into one turn; {@code maxTokens}, {@code temperature}, {@code topP} and {@code stop} go to
 * {@code inferenceConfig}. Text deltas and {@code reasoningContent.text} deltas are streamed;
 * {@code metadata.usage} gives input and output tokens. Stop reasons: {@code end_turn} and
 * {@code stop_sequence} are {@link FinishReason#STOP}, {@code max_tokens} (and
 * {@code model_context_window_exceeded}) {@link FinishReason#LENGTH}, {@code guardrail_intervened}
 * and {@code content_filtered} {@link FinishReason#CONTENT_FILTER}, {@code tool_use}
 * {@link FinishReason#TOOL_CALLS}.
 *
 * <p>Errors: {@code ThrottlingException} (and {@code ServiceQuotaExceededException}) is
 * {@link ErrorKind#RATE_LIMITED}; {@code ModelNotReadyException}, {@code ServiceUnavailableException},
 * {@code InternalServerException}, {@code ModelStreamErrorException} and {@code ModelErrorException}
 * are {@link ErrorKind#UNAVAILABLE}; {@code ValidationException} is {@link ErrorKind#BAD_REQUEST};
 * {@code AccessDeniedException} is {@link ErrorKind#PERMISSION}; {@code ResourceNotFoundException}
 * is {@link ErrorKind#NOT_FOUND}; refused signatures or unknown keys are
 * {@link ErrorKind#AUTHENTICATION}. The same types may arrive inside the event stream after text:
 * the stream then fails with the text already delivered. A stream that ends without
 * {@code messageStop} fails as {@link ErrorKind#INCOMPLETE}; an unreadable frame as
 * {@link ErrorKind#MALFORMED_RESPONSE}.
 *
 * <p>{@link StreamHandle#cancel()} cancels the event subscription and the SDK future, which
 * closes the connection.
 */
public final class BedrockProvider implements ChatProvider, AutoCloseable {

    public static final String NAME = "bedrock";

    private final BedrockRuntimeAsyncClient client;
    private final BedrockConfig config;
    private final boolean ownsClient;
    private final BedrockErrors errors = new BedrockErrors(NAME);

    private BedrockProvider(BedrockRuntimeAsyncClient client, BedrockConfig config, boolean ownsClient) {
        this.client = Objects.requireNonNull(client, "client");
        this.config = Objects.requireNonNull(config, "config");
        this.ownsClient = ownsClient;
    }

    /**
     * Uses a client the caller built and keeps owning ({@link #close()} leaves it open). Only the
     * configuration's reasoning settings apply; region, endpoint and credentials are the client's.
     */
    public static BedrockProvider using(BedrockRuntimeAsyncClient client, BedrockConfig config) {
        return new BedrockProvider(client, config, false);
    }

    /**
     * Builds a client from the configuration around {@code httpClient}; {@link #close()} closes
     * that client but not {@code httpClient}, which stays the caller's.
     */
    public static BedrockProvider create(BedrockConfig config, SdkAsyncHttpClient httpClient) {
        return new BedrockProvider(buildClient(config, httpClient), config, true);
    }

    /**
     * A {@link BedrockRuntimeAsyncClient} for this configuration: its region, endpoint override
     * and credentials (the default chain when none are set), and no SDK retries.
     */
    public static BedrockRuntimeAsyncClient buildClient(BedrockConfig config, SdkAsyncHttpClient httpClient) {
        Objects.requireNonNull(httpClient, "httpClient");
        BedrockRuntimeAsyncClientBuilder builder = BedrockRuntimeAsyncClient.builder()
                .region(Region.of(config.region()))
                .httpClient(httpClient)
                .credentialsProvider(config.credentialsProvider()
                        .orElseGet(() -> DefaultCredentialsProvider.builder().build()))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
        config.endpointOverride().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StreamHandle stream(ChatRequest request, ChatListener listener) {
        EventSink sink = new EventSink(listener);
        BedrockStream stream = new BedrockStream(sink, errors);
        try {
            stream.watch(client.converseStream(BedrockRequests.toSdk(request, config), stream.handler()));
        } catch (RuntimeException e) {
            ProviderException error = e instanceof IllegalArgumentException || e instanceof NullPointerException
                    ? new ProviderException(NAME, ErrorKind.BAD_REQUEST, 0, null, "cannot build the Bedrock request: "
                    + e.getMessage(), e)
                    : errors.fromThrowable(e, false);
            sink.fail(error);
        }
        return stream::cancel;
    }

    /** Closes the SDK client when this provider built it. */
    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "BedrockProvider{" + config + "}";
    }
}

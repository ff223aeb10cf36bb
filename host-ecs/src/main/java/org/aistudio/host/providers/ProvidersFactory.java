package org.aistudio.host.providers;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.netty.channel.EventLoopGroupFactory;
import io.micronaut.http.netty.channel.EventLoopGroupRegistry;
import io.micronaut.http.netty.channel.NettyChannelType;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.aistudio.core.provider.CredentialSource;
import org.aistudio.core.provider.ProviderRegistry;
import org.aistudio.core.provider.azure.AzureOpenAiChatProvider;
import org.aistudio.core.provider.azure.AzureOpenAiConfig;
import org.aistudio.core.provider.bedrock.BedrockConfig;
import org.aistudio.core.provider.bedrock.BedrockProvider;
import org.aistudio.core.provider.demo.DemoProvider;
import org.aistudio.core.provider.gemini.GeminiConfig;
import org.aistudio.core.provider.gemini.GeminiProvider;
import org.aistudio.core.provider.http.StreamingHttp;
import org.aistudio.core.provider.openai.OpenAiChatProvider;
import org.aistudio.core.provider.openai.OpenAiConfig;
import org.aistudio.core.provider.resilience.CircuitBreakerConfig;
import org.aistudio.core.provider.resilience.CircuitBreakers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Registers every provider whose configuration is present (the contract's environment
 * variables): the demo provider always; OpenAI with {@code OPENAI_API_KEY} or
 * {@code OPENAI_BASE_URL}; an OpenAI-compatible server with {@code OPENAI_COMPATIBLE_BASE_URL};
 * Azure OpenAI with {@code AZURE_OPENAI_ENDPOINT}; Gemini with {@code GOOGLE_API_KEY} or
 * {@code GEMINI_BASE_URL}; Bedrock with {@code AWS_REGION} or {@code BEDROCK_ENDPOINT}.
 */
@Factory
public class ProvidersFactory {

    private static final Logger LOG = LoggerFactory.getLogger(ProvidersFactory.class);

    @Singleton
    CredentialSource credentials(Environment environment, Clock clock,
                                 @Value("${aistudio.provider.secret.id:}") String secretId,
                                 @Value("${aistudio.provider.secret.ttl:5m}") Duration ttl,
                                 @Value("${aistudio.provider.secret.endpoint:}") String endpoint,
                                 @Value("${aws.region:us-east-1}") String region,
                                 @Named(TaskExecutors.IO) ExecutorService rereads) {
        CredentialSource configured = new PropertyCredentialSource(environment);
        if (secretId.isBlank()) {
            return configured;
        }
        var builder = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(region));
        if (!endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint)).credentialsProvider(AnonymousCredentialsProvider.create());
        }
        return new SecretsManagerCredentialSource(builder.build(), secretId, ttl, clock, configured, rereads);
    }

    @Singleton
    CircuitBreakers circuitBreakers(ProviderAttempts attempts, Clock clock) {
        return new CircuitBreakers(CircuitBreakerConfig.builder().clock(clock).build(), attempts);
    }

    /**
     * The client OpenAI, OpenAI-compatible and Azure calls go out on: Netty on the server's own
     * event loops, unless {@code aistudio.provider.http.client} is {@code jdk} (each provider then
     * uses JDK clients of its own, as an embedding application does by default).
     */
    @Singleton
    @Bean(preDestroy = "close")
    @Requires(property = "aistudio.provider.http.client", value = "netty", defaultValue = "netty")
    NettyStreamingHttp providerHttp(EventLoopGroupRegistry loops, EventLoopGroupFactory sockets,
                                    @Value("${aistudio.provider.http.connect-timeout:10s}") Duration connectTimeout,
                                    @Value("${aistudio.provider.http.idle-timeout:20s}") Duration idleTimeout) {
        return new NettyStreamingHttp(loops.getDefaultEventLoopGroup(),
                sockets.channelClass(NettyChannelType.CLIENT_SOCKET), connectTimeout, idleTimeout);
    }

    /** A client name that is neither {@code netty} nor {@code jdk} stops the start: it is a typo. */
    static void checkHttpClient(String client) {
        if (!client.equals("netty") && !client.equals("jdk")) {
            throw new ConfigurationException("aistudio.provider.http.client must be netty or jdk, not '" + client + "'");
        }
    }

    @Singleton
    @Bean(preDestroy = "close")
    ProviderRegistry providerRegistry(@Named("aistudio-scheduler") ScheduledExecutorService scheduler,
                                      @Value("${aistudio.demo.chunk-delay:40ms}") Duration demoDelay,
                                      Environment env, CredentialSource credentials,
                                      @Nullable NettyStreamingHttp providerHttp) {
        checkHttpClient(env.getProperty("aistudio.provider.http.client", String.class).orElse("netty"));
        Optional<StreamingHttp> http = Optional.ofNullable(providerHttp);
        ProviderRegistry registry = new ProviderRegistry().register(new DemoProvider(scheduler, demoDelay));
        Optional<String> openAiUrl = env.getProperty("openai.base.url", String.class);
        if (credentials.get("OPENAI_API_KEY").isPresent() || openAiUrl.isPresent()) {
            OpenAiConfig.Builder b = OpenAiConfig.builder().credentials(credentials);
            openAiUrl.ifPresent(b::baseUrl);
            http.ifPresent(b::http);
            registry.register(new OpenAiChatProvider(b.build()));
        }
        env.getProperty("openai.compatible.base.url", String.class).ifPresent(url -> {
            OpenAiConfig.Builder b = OpenAiConfig.compatibleBuilder().baseUrl(url).credentials(credentials);
            http.ifPresent(b::http);
            registry.register(new OpenAiChatProvider(b.build()));
        });
        env.getProperty("azure.openai.endpoint", String.class).ifPresent(endpoint -> {
            AzureOpenAiConfig.Builder b = AzureOpenAiConfig.builder().endpoint(endpoint).credentials(credentials);
            env.getProperty("azure.openai.api.version", String.class).ifPresent(b::apiVersion);
            http.ifPresent(b::http);
            registry.register(new AzureOpenAiChatProvider(b.build()));
        });
        Optional<String> geminiUrl = env.getProperty("gemini.base.url", String.class);
        if (credentials.get("GOOGLE_API_KEY").isPresent() || geminiUrl.isPresent()) {
            GeminiConfig.Builder b = GeminiConfig.builder().credentials(credentials);
            geminiUrl.ifPresent(b::baseUrl);
            registry.register(GeminiProvider.create(b.build()));
        }
        Optional<String> bedrockEndpoint = env.getProperty("bedrock.endpoint", String.class);
        Optional<String> region = env.getProperty("aws.region", String.class);
        if (bedrockEndpoint.isPresent() || region.isPresent()) {
            BedrockConfig.Builder b = BedrockConfig.builder();
            region.ifPresent(b::region);
            bedrockEndpoint.ifPresent(b::endpointOverride);
            boolean plainHttp = bedrockEndpoint.map(u -> u.startsWith("http://")).orElse(false);
            NettyNioAsyncHttpClient.Builder bedrockHttp = NettyNioAsyncHttpClient.builder();
            if (plainHttp) {
                bedrockHttp.protocol(Protocol.HTTP1_1);
            }
            registry.register(BedrockProvider.create(b.build(), bedrockHttp.build()));
        }
        LOG.info("Providers configured: {}", registry.all().stream().map(p -> p.name()).sorted().toList());
        return registry;
    }
}

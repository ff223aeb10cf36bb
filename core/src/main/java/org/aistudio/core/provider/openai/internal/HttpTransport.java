package org.aistudio.core.provider.openai.internal;

import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Builds Spring's HTTP clients over the JDK {@link HttpClient}, so that no Netty is needed and a
 * disposed subscription closes the upstream connection.
 */
public final class HttpTransport {

    private HttpTransport() {
    }

    /** A JDK client that never follows redirects (a redirect would resend the key elsewhere). */
    public static HttpClient httpClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * The streaming client: WebFlux's {@link WebClient} on a JDK connector whose cancellation closes
     * the upstream connection (see {@link CancellableJdkConnector}).
     */
    public static WebClient.Builder webClient(HttpClient httpClient) {
        return WebClient.builder().clientConnector(new CancellableJdkConnector(httpClient));
    }

    /** The blocking client {@code OpenAiApi} also builds; unused for streaming, kept off other stacks. */
    public static RestClient.Builder restClient(HttpClient httpClient) {
        return RestClient.builder().requestFactory(new JdkClientHttpRequestFactory(httpClient));
    }
}

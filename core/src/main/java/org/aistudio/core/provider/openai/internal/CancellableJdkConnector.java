package org.aistudio.core.provider.openai.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.reactive.AbstractClientHttpRequest;
import org.springframework.http.client.reactive.AbstractClientHttpResponse;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpResponse;
import org.springframework.util.CollectionUtils;
import org.springframework.util.LinkedCaseInsensitiveMap;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A WebFlux connector over the JDK {@link HttpClient} whose cancellation reaches the connection.
 *
 * <p>Spring's own {@code JdkClientHttpConnector} (6.2) puts the response body behind
 * {@code cache(0)}, which never cancels its source: a disposed stream keeps the HTTP connection
 * open and the upstream keeps generating. Here the body is the JDK publisher itself, so cancelling
 * the subscription makes the JDK client close the connection (HTTP/1.1) or reset the stream
 * (HTTP/2); cancelling before the headers arrived cancels the exchange. An {@link UpstreamAbort}
 * found in the Reactor context does the same on demand, bypassing the operators in between.
 */
final class CancellableJdkConnector implements ClientHttpConnector {

    private final HttpClient client;
    private final DataBufferFactory buffers = DefaultDataBufferFactory.sharedInstance;

    CancellableJdkConnector(HttpClient client) {
        this.client = client;
    }

    @Override
    public Mono<ClientHttpResponse> connect(HttpMethod method, URI uri,
                                            Function<? super ClientHttpRequest, Mono<Void>> requestCallback) {
        return Mono.deferContextual(context -> {
            UpstreamAbort abort = context.getOrDefault(UpstreamAbort.class, new UpstreamAbort());
            Request request = new Request(method, uri, buffers);
            return requestCallback.apply(request).then(Mono.defer(() -> {
                CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> exchange =
                        client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofPublisher());
                abort.onAbort(() -> exchange.cancel(true));
                return Mono.fromFuture(exchange).map(response -> new Response(response, buffers, abort));
            }));
        });
    }

    /** Hands the JDK's body subscription to the abort as soon as the body is subscribed. */
    private static Flow.Publisher<List<ByteBuffer>> abortable(Flow.Publisher<List<ByteBuffer>> body,
                                                              UpstreamAbort abort) {
        return subscriber -> body.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                abort.onAbort(subscription::cancel);
                subscriber.onSubscribe(subscription);
            }

            @Override
            public void onNext(List<ByteBuffer> item) {
                subscriber.onNext(item);
            }

            @Override
            public void onError(Throwable error) {
                subscriber.onError(error);
            }

            @Override
            public void onComplete() {
                subscriber.onComplete();
            }
        });
    }

    /** The outgoing request: headers and a body collected into one array (requests are small JSON). */
    private static final class Request extends AbstractClientHttpRequest {
        private final HttpMethod method;
        private final URI uri;
        private final DataBufferFactory buffers;
        private final HttpRequest.Builder builder;

        Request(HttpMethod method, URI uri, DataBufferFactory buffers) {
            this.method = method;
            this.uri = uri;
            this.buffers = buffers;
            this.builder = HttpRequest.newBuilder(uri);
        }

        HttpRequest build() {
            return builder.build();
        }

        @Override
        public HttpMethod getMethod() {
            return method;
        }

        @Override
        public URI getURI() {
            return uri;
        }

        @Override
        public DataBufferFactory bufferFactory() {
            return buffers;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getNativeRequest() {
            return (T) builder.build();
        }

        @Override
        protected void applyHeaders() {
            for (Map.Entry<String, List<String>> entry : getHeaders().entrySet()) {
                if (!entry.getKey().equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH)) {
                    entry.getValue().forEach(value -> builder.header(entry.getKey(), value));
                }
            }
            if (!getHeaders().containsKey(HttpHeaders.ACCEPT)) {
                builder.header(HttpHeaders.ACCEPT, "*/*");
            }
        }

        @Override
        protected void applyCookies() {
            MultiValueMap<String, HttpCookie> cookies = getCookies();
            if (!cookies.isEmpty()) {
                builder.header(HttpHeaders.COOKIE, String.join(";",
                        cookies.values().stream().flatMap(List::stream).map(HttpCookie::toString).toList()));
            }
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            return doCommit(() -> DataBufferUtils.join(body)
                    .map(joined -> {
                        byte[] bytes = new byte[joined.readableByteCount()];
                        joined.read(bytes);
                        DataBufferUtils.release(joined);
                        return bytes;
                    })
                    .defaultIfEmpty(new byte[0])
                    .doOnNext(bytes -> builder.method(method.name(), HttpRequest.BodyPublishers.ofByteArray(bytes)))
                    .then());
        }

        @Override
        public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
            return writeWith(Flux.from(body).flatMap(Function.identity()));
        }

        @Override
        public Mono<Void> setComplete() {
            return doCommit(() -> {
                builder.method(method.name(), HttpRequest.BodyPublishers.noBody());
                return Mono.empty();
            });
        }
    }

    /** The response, its body read straight from the JDK publisher. */
    private static final class Response extends AbstractClientHttpResponse {

        Response(HttpResponse<Flow.Publisher<List<ByteBuffer>>> response, DataBufferFactory buffers,
                 UpstreamAbort abort) {
            super(HttpStatusCode.valueOf(response.statusCode()), headers(response), new LinkedMultiValueMap<>(),
                    JdkFlowAdapter.flowPublisherToFlux(abortable(response.body(), abort))
                            .flatMapIterable(Function.identity())
                            .map(buffers::wrap)
                            .doOnDiscard(DataBuffer.class, DataBufferUtils::release));
        }

        private static HttpHeaders headers(HttpResponse<?> response) {
            Map<String, List<String>> raw = response.headers().map();
            LinkedCaseInsensitiveMap<List<String>> map = new LinkedCaseInsensitiveMap<>(raw.size(), Locale.ROOT);
            map.putAll(raw);
            return HttpHeaders.readOnlyHttpHeaders(new HttpHeaders(CollectionUtils.toMultiValueMap(map)));
        }
    }
}

package org.aistudio.host.providers;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.aistudio.core.provider.http.StreamingHttp;

/**
 * Provider calls on Netty, on the event loops the server already runs: a chunk read from the
 * provider is parsed on the thread that read it, with no hand-off to a client's own threads, and
 * an exchange holds a few objects instead of the JDK client's several hundred.
 *
 * <p>HTTP/1.1 only, over TLS for {@code https}, the host name checked against the certificate.
 * Connections are kept per origin and reused while the server keeps them open; a connection idle
 * longer than {@code idleTimeout} is closed rather than reused, since a server that closes it at
 * the same moment would fail the call sent on it. Redirects are never followed: a 3xx is an
 * answer like any other.
 */
public final class NettyStreamingHttp implements StreamingHttp, AutoCloseable {

    /** The most idle connections kept per origin; more are closed when their exchange ends. */
    static final int MAX_IDLE_PER_ORIGIN = 256;

    private final Bootstrap bootstrap;
    private final Duration idleTimeout;
    private final LongSupplier nanoTime;
    private final Map<Origin, Deque<Idle>> idle = new ConcurrentHashMap<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private volatile SslContext ssl;

    /**
     * @param group the event loops connections are served on (the server's own)
     * @param channelType the client socket type that fits the group
     */
    public NettyStreamingHttp(EventLoopGroup group, Class<? extends Channel> channelType, Duration connectTimeout,
                              Duration idleTimeout) {
        this(group, channelType, connectTimeout, idleTimeout, System::nanoTime);
    }

    NettyStreamingHttp(EventLoopGroup group, Class<? extends Channel> channelType, Duration connectTimeout,
                       Duration idleTimeout, LongSupplier nanoTime) {
        this.bootstrap = new Bootstrap().group(Objects.requireNonNull(group, "group"))
                .channel(Objects.requireNonNull(channelType, "channelType"))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(connectTimeout.toMillis()))
                .option(ChannelOption.TCP_NODELAY, true);
        this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
        this.nanoTime = nanoTime;
    }

    @Override
    public Exchange send(Request request, Handler handler) {
        NettyExchange exchange = new NettyExchange(request, handler);
        Origin origin;
        try {
            origin = Origin.of(request.uri());
        } catch (IllegalArgumentException e) {
            handler.onError(e);
            return exchange;
        }
        exchange.origin = origin;
        Channel reused = takeIdle(origin);
        if (reused != null) {
            reused.eventLoop().execute(() -> exchange.start(reused));
        } else {
            connect(origin).addListener((ChannelFuture connected) -> {
                if (connected.isSuccess()) {
                    exchange.start(connected.channel());
                } else {
                    exchange.fail(connected.cause());
                }
            });
        }
        return exchange;
    }

    /** How many connections are kept idle, over all origins. */
    int idleConnections() {
        return idleCount.get();
    }

    /** Closes the idle connections; exchanges under way go on until they end. */
    @Override
    public void close() {
        idle.values().forEach(connections -> {
            for (Idle i; (i = connections.pollFirst()) != null; ) {
                idleCount.decrementAndGet();
                i.channel().close();
            }
        });
    }

    private ChannelFuture connect(Origin origin) {
        SslContext tls = origin.tls() ? sslContext() : null;
        return bootstrap.clone().handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                if (tls != null) {
                    SslHandler handler = tls.newHandler(channel.alloc(), origin.host(), origin.port());
                    SSLEngine engine = handler.engine();
                    SSLParameters parameters = engine.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    engine.setSSLParameters(parameters);
                    channel.pipeline().addLast(handler);
                }
                channel.pipeline().addLast(new HttpClientCodec()).addLast(new Connection());
            }
        }).connect(origin.host(), origin.port());
    }

    private SslContext sslContext() {
        SslContext context = ssl;
        if (context == null) {
            synchronized (this) {
                context = ssl;
                if (context == null) {
                    try {
                        context = SslContextBuilder.forClient().build();
                    } catch (SSLException e) {
                        throw new IllegalStateException("TLS is not available: " + e.getMessage(), e);
                    }
                    ssl = context;
                }
            }
        }
        return context;
    }

    /** The most recently used open connection to the origin that has not idled too long. */
    private Channel takeIdle(Origin origin) {
        Deque<Idle> connections = idle.get(origin);
        if (connections == null) {
            return null;
        }
        long now = nanoTime.getAsLong();
        for (Idle i; (i = connections.pollFirst()) != null; ) {
            idleCount.decrementAndGet();
            if (i.channel().isActive() && now - i.sinceNanos() < idleTimeout.toNanos()) {
                return i.channel();
            }
            i.channel().close();
        }
        return null;
    }

    private void keep(Origin origin, Channel channel) {
        Deque<Idle> connections = idle.computeIfAbsent(origin, o -> new ConcurrentLinkedDeque<>());
        if (!channel.isActive() || connections.size() >= MAX_IDLE_PER_ORIGIN) {
            channel.close();
            return;
        }
        Idle entry = new Idle(channel, nanoTime.getAsLong());
        connections.addFirst(entry);
        idleCount.incrementAndGet();
        channel.closeFuture().addListener(f -> {
            if (connections.remove(entry)) {
                idleCount.decrementAndGet();
            }
        });
    }

    /** Where connections go: scheme, host and port. */
    record Origin(boolean tls, String host, int port) {

        static Origin of(URI uri) {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("only http and https URLs can be called, not " + uri.getScheme());
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("the URL names no host");
            }
            boolean tls = scheme.equals("https");
            return new Origin(tls, uri.getHost(), uri.getPort() >= 0 ? uri.getPort() : tls ? 443 : 80);
        }

        String hostHeader() {
            String name = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
            return port == (tls ? 443 : 80) ? name : name + ":" + port;
        }
    }

    private record Idle(Channel channel, long sinceNanos) {
    }

    /** The last handler of a connection's pipeline: hands what it reads to the exchange on it. */
    private final class Connection extends ChannelInboundHandlerAdapter {

        private NettyExchange current;

        void begin(NettyExchange exchange) {
            current = exchange;
        }

        void end() {
            current = null;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            try {
                NettyExchange exchange = current;
                if (exchange != null) {
                    exchange.read(message);
                } else {
                    // Nothing was asked on this connection: whatever it sends cannot be trusted.
                    ctx.close();
                }
            } finally {
                ReferenceCountUtil.release(message);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            NettyExchange exchange = current;
            current = null;
            if (exchange != null) {
                exchange.fail(new IOException("the connection closed before the response ended"));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            NettyExchange exchange = current;
            current = null;
            ctx.close();
            if (exchange != null) {
                exchange.fail(cause);
            }
        }
    }

    /**
     * One request on one connection. Everything after {@link #start} runs on the connection's
     * event loop; {@link #abort()} may come from any thread.
     */
    private final class NettyExchange implements Exchange {

        private final Request request;
        private final Handler handler;
        private Origin origin;
        private volatile Channel channel;
        private volatile boolean aborted;
        private boolean done;
        private boolean keepAlive;

        NettyExchange(Request request, Handler handler) {
            this.request = request;
            this.handler = handler;
        }

        void start(Channel connection) {
            channel = connection;
            if (aborted) {
                keep(origin, connection);
                return;
            }
            connection.pipeline().get(Connection.class).begin(this);
            connection.writeAndFlush(httpRequest()).addListener((ChannelFuture written) -> {
                if (!written.isSuccess()) {
                    written.channel().close();
                    fail(written.cause());
                }
            });
        }

        private FullHttpRequest httpRequest() {
            URI uri = request.uri();
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
            ByteBuf body = Unpooled.wrappedBuffer(request.body());
            FullHttpRequest http = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, target, body);
            HttpHeaders headers = http.headers();
            headers.set(HttpHeaderNames.HOST, origin.hostHeader());
            request.headers().forEach(headers::set);
            headers.set(HttpHeaderNames.CONTENT_LENGTH, request.body().length);
            return http;
        }

        void read(Object message) {
            if (done) {
                return;
            }
            if (message instanceof HttpObject object && object.decoderResult().isFailure()) {
                channel.close();
                fail(object.decoderResult().cause());
                return;
            }
            if (message instanceof HttpResponse response) {
                if (response.status().code() < 200) {
                    return; // an interim answer (100 Continue): the real one follows
                }
                keepAlive = HttpUtil.isKeepAlive(response);
                HttpHeaders headers = response.headers();
                handler.onHead(response.status().code(), name -> Optional.ofNullable(headers.get(name)));
            }
            if (message instanceof HttpContent content) {
                ByteBuf bytes = content.content();
                if (bytes.isReadable() && !aborted) {
                    for (ByteBuffer piece : bytes.nioBuffers()) {
                        handler.onBody(piece);
                    }
                }
                if (message instanceof LastHttpContent) {
                    finish();
                }
            }
        }

        /** The body ended: the connection is free again before the handler hears it. */
        private void finish() {
            done = true;
            Channel connection = channel;
            connection.pipeline().get(Connection.class).end();
            if (keepAlive && !aborted) {
                keep(origin, connection);
            } else {
                connection.close();
            }
            if (!aborted) {
                handler.onEnd();
            }
        }

        void fail(Throwable error) {
            if (done) {
                return;
            }
            done = true;
            if (!aborted) {
                handler.onError(error);
            }
        }

        @Override
        public void abort() {
            aborted = true;
            Channel connection = channel;
            if (connection != null) {
                connection.eventLoop().execute(() -> {
                    if (!done) {
                        done = true;
                        connection.pipeline().get(Connection.class).end();
                        connection.close();
                    }
                });
            }
        }
    }
}

package org.aistudio.host.providers;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
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
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
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
    private final Map<Origin, Pool> pools = new ConcurrentHashMap<>();
    private volatile SslContext ssl;

    /**
     * @param group the event loops connections are served on (the server's own)
     * @param channelType the client socket type that fits the group
     */
    public NettyStreamingHttp(EventLoopGroup group, Class<? extends Channel> channelType, Duration connectTimeout,
                              Duration idleTimeout) {
        this(group, channelType, connectTimeout, idleTimeout, System::nanoTime, null);
    }

    /** @param tls the TLS settings of {@code https} calls; null for the JDK's trusted authorities */
    NettyStreamingHttp(EventLoopGroup group, Class<? extends Channel> channelType, Duration connectTimeout,
                       Duration idleTimeout, LongSupplier nanoTime, SslContext tls) {
        this.bootstrap = new Bootstrap().group(Objects.requireNonNull(group, "group"))
                .channel(Objects.requireNonNull(channelType, "channelType"))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(connectTimeout.toMillis()))
                .option(ChannelOption.TCP_NODELAY, true);
        this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
        this.nanoTime = nanoTime;
        this.ssl = tls;
    }

    @Override
    public Exchange send(Request request, Handler handler) {
        Origin origin;
        HttpHeaders headers;
        try {
            origin = Origin.of(request.uri());
            headers = headers(origin, request);
        } catch (IllegalArgumentException e) {
            handler.onError(e);
            return () -> { };
        }
        NettyExchange exchange = new NettyExchange(request, headers, handler);
        Pool pool = pools.computeIfAbsent(origin, Pool::new);
        Connection reused = pool.take();
        if (reused != null) {
            exchange.reused = true;
            EventLoop loop = reused.channel.eventLoop();
            if (loop.inEventLoop()) {
                exchange.start(reused); // on the connection's own loop: the request leaves now, not after this task
            } else {
                loop.execute(() -> exchange.start(reused));
            }
        } else {
            connect(pool, exchange);
        }
        return exchange;
    }

    /** A kept connection's exchange starts on its loop and a new one's when it connects: nothing waits here. */
    @Override
    public boolean sendsWithoutBlocking() {
        return true;
    }

    /** The request's headers, checked as they are set: a bad name or value fails the call here. */
    private static HttpHeaders headers(Origin origin, Request request) {
        HttpHeaders headers = new DefaultHttpHeaders();
        headers.set(HttpHeaderNames.HOST, origin.hostHeader());
        request.headers().forEach(headers::set);
        headers.set(HttpHeaderNames.CONTENT_LENGTH, request.body().length);
        return headers;
    }

    /** How many connections are kept idle, over all origins. */
    int idleConnections() {
        return pools.values().stream().mapToInt(pool -> pool.size.get()).sum();
    }

    /** Closes the idle connections; exchanges under way go on until they end. */
    @Override
    public void close() {
        pools.values().forEach(pool -> {
            for (Connection idle; (idle = pool.take()) != null; ) {
                idle.channel.close();
            }
        });
    }

    private void connect(Pool pool, NettyExchange exchange) {
        Origin origin = pool.origin;
        SslContext tls;
        try {
            tls = origin.tls() ? sslContext() : null;
        } catch (IllegalStateException e) {
            exchange.fail(e);
            return;
        }
        onCallingLoop().handler(new ChannelInitializer<>() {
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
                Connection connection = new Connection(channel, pool);
                channel.pipeline().addLast(new HttpClientCodec()).addLast(connection);
                channel.closeFuture().addListener(closed -> pool.closed(connection));
            }
        }).connect(origin.host(), origin.port()).addListener((ChannelFuture connected) -> {
            if (connected.isSuccess()) {
                exchange.start(connected.channel().pipeline().get(Connection.class));
            } else {
                exchange.fail(connected.cause());
            }
        });
    }

    /**
     * The bootstrap for a new connection: on the event loop of the calling thread when it is one
     * of the group's (a chat admitted on the server's loop), so that the exchanges of that loop's
     * requests find their connections on it; else on the group's next loop.
     */
    private Bootstrap onCallingLoop() {
        for (EventExecutor loop : bootstrap.config().group()) {
            if (loop.inEventLoop() && loop instanceof EventLoop own) {
                return bootstrap.clone(own);
            }
        }
        return bootstrap.clone();
    }

    /** The event loops of the idle connections to {@code uri}'s origin, the most recently used first. */
    List<EventLoop> idleLoops(URI uri) {
        Pool pool = pools.get(Origin.of(uri));
        return pool == null ? List.of() : pool.idle.stream().map(c -> c.channel.eventLoop()).toList();
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

    /** The idle connections to one origin, the most recently used first. */
    private final class Pool {

        /** How many of the most recently used connections {@link #take} looks through for one on the calling loop. */
        static final int LOCAL_LOOKUP = 8;

        final Origin origin;
        private final Deque<Connection> idle = new ConcurrentLinkedDeque<>();
        private final AtomicInteger size = new AtomicInteger();

        Pool(Origin origin) {
            this.origin = origin;
        }

        /**
         * An open connection that has not idled too long (others met are closed): one served by
         * the calling thread's event loop among the {@value #LOCAL_LOOKUP} most recently used,
         * whose request is then written without a hand-off, else the most recently used.
         */
        Connection take() {
            long now = nanoTime.getAsLong();
            int looked = 0;
            for (Iterator<Connection> it = idle.iterator(); it.hasNext() && looked++ < LOCAL_LOOKUP; ) {
                Connection connection = it.next();
                if (connection.channel.eventLoop().inEventLoop() && idle.removeFirstOccurrence(connection)) {
                    size.decrementAndGet();
                    if (usable(connection, now)) {
                        return connection;
                    }
                    connection.channel.close();
                }
            }
            for (Connection connection; (connection = idle.pollFirst()) != null; ) {
                size.decrementAndGet();
                if (usable(connection, now)) {
                    return connection;
                }
                connection.channel.close();
            }
            return null;
        }

        private boolean usable(Connection connection, long now) {
            return connection.channel.isActive() && now - connection.idleSince < idleTimeout.toNanos();
        }

        /** Keeps a connection whose exchange ended, unless it closed or the pool is full. */
        void keep(Connection connection) {
            if (!connection.channel.isActive()) {
                return;
            }
            if (size.incrementAndGet() > MAX_IDLE_PER_ORIGIN) {
                size.decrementAndGet();
                connection.channel.close();
                return;
            }
            connection.idleSince = nanoTime.getAsLong();
            idle.addFirst(connection);
        }

        /** A connection closed: it is no longer kept, if it was. */
        void closed(Connection connection) {
            if (idle.remove(connection)) {
                size.decrementAndGet();
            }
        }
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

    /**
     * The last handler of a connection's pipeline: hands what it reads to the exchange on it. It
     * stands for the connection in its pool.
     */
    private final class Connection extends ChannelInboundHandlerAdapter {

        final Channel channel;
        final Pool pool;
        /** The exchange on this connection; read and written on its event loop only. */
        NettyExchange current;
        volatile long idleSince;

        Connection(Channel channel, Pool pool) {
            this.channel = channel;
            this.pool = pool;
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
                // A codec wraps what it met (a refused certificate, for one): report that.
                exchange.fail(cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause);
            }
        }
    }

    /**
     * One request on one connection. Everything after {@link #start} runs on the connection's
     * event loop; {@link #abort()} may come from any thread.
     */
    private final class NettyExchange implements Exchange {

        private final Request request;
        private final HttpHeaders headers;
        private final Handler handler;
        private volatile Connection connection;
        private volatile boolean aborted;
        /** Whether the request goes out on a kept connection (false once it is sent again). */
        private volatile boolean reused;
        private boolean responded;
        private boolean done;
        private boolean keepAlive;

        NettyExchange(Request request, HttpHeaders headers, Handler handler) {
            this.request = request;
            this.headers = headers;
            this.handler = handler;
        }

        /** Sends the request on the connection. */
        void start(Connection on) {
            connection = on;
            if (!on.channel.isActive()) {
                fail(new IOException("the connection closed before the request was sent"));
                return;
            }
            if (aborted) {
                on.pool.keep(on);
                return;
            }
            on.current = this;
            // A write that fails closes the connection, and its close fails the exchange.
            on.channel.writeAndFlush(httpRequest()).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }

        private FullHttpRequest httpRequest() {
            URI uri = request.uri();
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
            ByteBuf body = Unpooled.wrappedBuffer(request.body());
            return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, target, body, headers,
                    EmptyHttpHeaders.INSTANCE);
        }

        void read(Object message) {
            if (done) {
                return;
            }
            if (message instanceof HttpObject object && object.decoderResult().isFailure()) {
                connection.channel.close();
                fail(object.decoderResult().cause());
                return;
            }
            if (message instanceof HttpResponse response) {
                if (response.status().code() < 200) {
                    return; // an interim answer (100 Continue): the real one follows
                }
                responded = true;
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
            Connection on = connection;
            on.current = null;
            if (keepAlive && !aborted) {
                on.pool.keep(on);
            } else {
                on.channel.close();
            }
            if (!aborted) {
                handler.onEnd();
            }
        }

        /**
         * Ends the exchange with the error; unless a kept connection failed before any answer
         * came. A server may close a connection it kept while the request is on its way (the JDK's
         * own server does so beyond 200 idle ones), so the request goes out once more, on a new
         * connection, as browsers and most clients do.
         */
        void fail(Throwable error) {
            if (done) {
                return;
            }
            Connection on = connection;
            if (reused && !responded && !aborted && on != null) {
                reused = false;
                connection = null;
                on.current = null;
                on.channel.close();
                connect(on.pool, this);
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
            Connection on = connection;
            if (on != null) {
                on.channel.eventLoop().execute(() -> {
                    if (!done) {
                        done = true;
                        on.current = null;
                        on.channel.close();
                    }
                });
            }
        }
    }
}

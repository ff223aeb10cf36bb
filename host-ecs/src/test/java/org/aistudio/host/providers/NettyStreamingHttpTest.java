package org.aistudio.host.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.aistudio.core.provider.http.StreamingHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The host's provider client against a plain socket server that counts connections and answers
 * what each test gives it: connections kept and reused, closed when they idled too long or the
 * server asked, and closed at once on abort.
 */
class NettyStreamingHttpTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(20);
    private static final EventLoopGroup LOOPS = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private static final String SSE = "data: {\"choices\":[]}\n\ndata: [DONE]\n\n";

    private final AtomicLong nanos = new AtomicLong();
    private SocketServer server;
    private NettyStreamingHttp http;

    @BeforeEach
    void start() throws IOException {
        server = new SocketServer();
        http = new NettyStreamingHttp(LOOPS, NioSocketChannel.class, Duration.ofSeconds(2), IDLE_TIMEOUT, nanos::get, null);
    }

    @AfterEach
    void stop() throws IOException {
        http.close();
        server.close();
    }

    @AfterAll
    static void stopLoops() {
        LOOPS.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    @Test
    void calls_one_after_another_share_one_connection() {
        for (int i = 0; i < 3; i++) {
            server.answers.add(ok(SSE));
            Recorder call = send(server.uri());

            call.awaitEnd();
            assertThat(call.status).isEqualTo(200);
            assertThat(call.body()).isEqualTo(SSE);
            assertThat(http.idleConnections()).isEqualTo(1);
        }
        assertThat(server.accepted.get()).isEqualTo(1);
        assertThat(server.requests).hasSize(3).allSatisfy(request -> assertThat(request)
                .startsWith("POST /v1/chat/completions?api-version=1 HTTP/1.1\r\n")
                .contains("host: 127.0.0.1:" + server.port() + "\r\n")
                .contains("content-length: 2\r\n")
                .contains("authorization: Bearer sk-test\r\n")
                .endsWith("\r\n\r\n{}"));
    }

    @Test
    void a_connection_idle_too_long_is_closed_not_reused() {
        server.answers.add(ok(SSE));
        send(server.uri()).awaitEnd();
        nanos.addAndGet(IDLE_TIMEOUT.toNanos());

        server.answers.add(ok(SSE));
        Recorder second = send(server.uri());

        second.awaitEnd();
        assertThat(server.accepted.get()).isEqualTo(2);
        await().atMost(WAIT).until(() -> server.clientClosed.get() == 1);
    }

    @Test
    void a_connection_the_server_will_close_is_not_kept() {
        server.answers.add("HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nRetry-After: 3\r\n"
                + "Content-Length: 2\r\n\r\n{}");
        Recorder call = send(server.uri());

        call.awaitEnd();
        assertThat(call.status).isEqualTo(429);
        assertThat(call.headers.first("retry-after")).contains("3");
        assertThat(http.idleConnections()).isZero();
    }

    @Test
    void a_kept_connection_the_server_closes_is_let_go_and_the_next_call_opens_another() {
        server.answers.add(ok(SSE) + SocketServer.CLOSE);
        send(server.uri()).awaitEnd();
        await().atMost(WAIT).until(() -> http.idleConnections() == 0);

        server.answers.add(ok(SSE));
        Recorder second = send(server.uri());

        second.awaitEnd();
        assertThat(second.error).isNull();
        assertThat(second.body()).isEqualTo(SSE);
        assertThat(server.accepted.get()).isEqualTo(2);
    }

    @Test
    void a_request_lost_on_a_kept_connection_the_server_closed_goes_out_once_more_on_a_new_one() {
        server.answers.add(ok(SSE));
        send(server.uri()).awaitEnd();

        server.answers.add(SocketServer.DROP);
        server.answers.add(ok(SSE));
        Recorder second = send(server.uri());

        second.awaitEnd();
        assertThat(second.error).isNull();
        assertThat(second.body()).isEqualTo(SSE);
        assertThat(server.requests).hasSize(3);
        assertThat(server.accepted.get()).isEqualTo(2);
    }

    @Test
    void a_request_lost_on_a_new_connection_fails_without_being_sent_again() {
        server.answers.add(SocketServer.DROP);
        Recorder call = send(server.uri());

        call.awaitEnd();
        assertThat(call.error).isInstanceOf(IOException.class);
        assertThat(call.status).isZero();
        assertThat(server.requests).hasSize(1);
    }

    @Test
    void abort_closes_the_connection_and_the_handler_hears_nothing_more() {
        server.answers.add("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(SSE.length()) + "\r\n" + SSE + "\r\n");
        Recorder call = send(server.uri());
        await().atMost(WAIT).until(() -> call.body().equals(SSE));

        call.exchange.abort();

        await().atMost(WAIT).until(() -> server.clientClosed.get() == 1);
        assertThat(call.ended.getCount()).isOne();
        assertThat(call.error).isNull();
        assertThat(http.idleConnections()).isZero();
    }

    @Test
    void a_body_cut_off_by_the_server_is_an_error_not_an_end() {
        server.answers.add("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: 1000\r\n\r\n"
                + SSE + SocketServer.CLOSE);
        Recorder call = send(server.uri());

        call.awaitEnd();
        assertThat(call.error).isInstanceOf(IOException.class);
        assertThat(call.body()).isEqualTo(SSE);
    }

    @Test
    void a_server_that_is_not_there_is_an_io_error() throws IOException {
        int closedPort;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = free.getLocalPort();
        }
        Recorder call = send(URI.create("http://127.0.0.1:" + closedPort + "/v1/chat/completions"));

        call.awaitEnd();
        assertThat(call.error).isInstanceOf(ConnectException.class);
        assertThat(call.status).isZero();
    }

    @Test
    void only_http_and_https_are_called() {
        Recorder call = send(URI.create("ftp://127.0.0.1:" + server.port() + "/v1"));

        call.awaitEnd();
        assertThat(call.error).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ftp");
        assertThat(server.accepted.get()).isZero();
    }

    @Test
    void a_call_made_on_an_event_loop_goes_out_on_a_connection_of_that_loop() throws Exception {
        EventLoopGroup two = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        try (NettyStreamingHttp client = new NettyStreamingHttp(two, NioSocketChannel.class, Duration.ofSeconds(2),
                IDLE_TIMEOUT, nanos::get, null)) {
            EventLoop first = two.next();
            EventLoop second = two.next();
            assertThat(first).isNotSameAs(second);
            List<Recorder> opening = new ArrayList<>();
            for (EventLoop on : List.of(first, first, first, second)) {
                opening.add(sendOn(on, client));
            }
            await().atMost(WAIT).until(() -> server.requests.size() == 4);
            answerAndAwait(4, opening.toArray(Recorder[]::new));
            assertThat(client.idleLoops(server.uri())).as("each connection on the loop that opened it")
                    .containsExactlyInAnyOrder(first, first, first, second);

            for (EventLoop on : List.of(second, first, second, first)) {
                Recorder call = sendOn(on, client);
                await().atMost(WAIT).until(() -> client.idleLoops(server.uri()).size() == 3);
                assertThat(client.idleLoops(server.uri())).as("a connection of the calling loop was taken")
                        .containsExactlyInAnyOrderElementsOf(on == first ? List.of(first, first, second)
                                : List.of(first, first, first));
                answerAndAwait(1, call);
            }
            assertThat(server.accepted.get()).isEqualTo(4);
        } finally {
            two.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        }
    }

    private Recorder sendOn(EventLoop loop, NettyStreamingHttp client) throws Exception {
        return loop.submit(() -> {
            Recorder recorder = new Recorder();
            recorder.exchange = client.send(new StreamingHttp.Request(server.uri(),
                    Map.of("Authorization", "Bearer sk-test"), "{}".getBytes(StandardCharsets.UTF_8)), recorder);
            return recorder;
        }).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void answerAndAwait(int answers, Recorder... calls) {
        for (int i = 0; i < answers; i++) {
            server.answers.add(ok(SSE));
        }
        for (Recorder call : calls) {
            call.awaitEnd();
            assertThat(call.error).isNull();
        }
    }

    private Recorder send(URI uri) {
        Recorder recorder = new Recorder();
        recorder.exchange = http.send(new StreamingHttp.Request(uri,
                Map.of("Authorization", "Bearer sk-test"), "{}".getBytes(StandardCharsets.UTF_8)), recorder);
        return recorder;
    }

    private static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    /** What one exchange told its handler. */
    private static final class Recorder implements StreamingHttp.Handler {
        final CountDownLatch ended = new CountDownLatch(1);
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        volatile StreamingHttp.Exchange exchange;
        volatile int status;
        volatile StreamingHttp.Headers headers;
        volatile Throwable error;

        @Override
        public void onHead(int code, StreamingHttp.Headers responseHeaders) {
            status = code;
            headers = responseHeaders;
        }

        @Override
        public synchronized void onBody(ByteBuffer piece) {
            byte[] bytes = new byte[piece.remaining()];
            piece.get(bytes);
            body.writeBytes(bytes);
        }

        @Override
        public void onEnd() {
            ended.countDown();
        }

        @Override
        public void onError(Throwable e) {
            error = e;
            ended.countDown();
        }

        synchronized String body() {
            return body.toString(StandardCharsets.UTF_8);
        }

        void awaitEnd() {
            try {
                assertThat(ended.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("the exchange ended").isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /**
     * A keep-alive HTTP/1.1 server on plain sockets: reads each request whole and writes the next
     * answer given, as is; an answer ending in {@link #CLOSE} closes the connection after it.
     */
    private static final class SocketServer implements AutoCloseable {
        static final String CLOSE = "\u0000close";
        /** Closes the connection after reading the request, without answering. */
        static final String DROP = "\u0000drop";
        /** {@code \r\n\r\n} as the last four bytes read. */
        private static final int HEAD_END = 0x0d0a0d0a;

        final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        final List<String> requests = new CopyOnWriteArrayList<>();
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger clientClosed = new AtomicInteger();
        private final ServerSocket socket;
        private final List<Socket> connections = new ArrayList<>();

        SocketServer() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::accept, "socket-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + port() + "/v1/chat/completions?api-version=1");
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    accepted.incrementAndGet();
                    synchronized (connections) {
                        connections.add(connection);
                    }
                    Thread serving = new Thread(() -> serve(connection), "socket-server-connection");
                    serving.setDaemon(true);
                    serving.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket connection) {
            try (connection; InputStream in = connection.getInputStream(); OutputStream out = connection.getOutputStream()) {
                while (true) {
                    String request = readRequest(in);
                    if (request == null) {
                        clientClosed.incrementAndGet();
                        return;
                    }
                    requests.add(request);
                    String answer = answers.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    if (DROP.equals(answer)) {
                        return;
                    }
                    boolean close = answer != null && answer.endsWith(CLOSE);
                    String bytes = answer == null ? "" : close ? answer.substring(0, answer.length() - CLOSE.length()) : answer;
                    out.write(bytes.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    if (close) {
                        return;
                    }
                }
            } catch (IOException e) {
                clientClosed.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** The request's head and body as text, with the head's names in lower case; null at the end of input. */
        private static String readRequest(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int last = 0;
            int b;
            while (last != HEAD_END && (b = in.read()) >= 0) {
                head.write(b);
                last = (last << 8) | b;
            }
            if (last != HEAD_END) {
                return null;
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            String[] lines = text.split("\r\n");
            StringBuilder normalised = new StringBuilder(lines[0]).append("\r\n");
            int length = 0;
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                String name = lines[i].substring(0, colon).toLowerCase(Locale.ROOT);
                String value = lines[i].substring(colon + 1).strip();
                normalised.append(name).append(": ").append(value).append("\r\n");
                if (name.equals("content-length")) {
                    length = Integer.parseInt(value);
                }
            }
            byte[] body = in.readNBytes(length);
            return normalised.append("\r\n").append(new String(body, StandardCharsets.UTF_8)).toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (connections) {
                for (Socket connection : connections) {
                    connection.close();
                }
            }
        }
    }
}

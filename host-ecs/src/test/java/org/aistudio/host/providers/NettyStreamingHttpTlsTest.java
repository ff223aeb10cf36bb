package org.aistudio.host.providers;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.aistudio.core.provider.http.StreamingHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host's provider client over TLS, against an HTTPS server whose certificate names
 * {@code localhost} only: the client trusts its authority, so a call to {@code localhost} goes
 * through and a call to the same server as {@code 127.0.0.1} fails its host-name check.
 */
class NettyStreamingHttpTlsTest {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final EventLoopGroup LOOPS = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    @TempDir
    static Path dir;
    private static HttpsServer server;
    private static NettyStreamingHttp http;

    @BeforeAll
    static void start() throws Exception {
        Path store = dir.resolve("localhost.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "localhost", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keyManagers.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keys);
        http = new NettyStreamingHttp(LOOPS, NioSocketChannel.class, Duration.ofSeconds(5), Duration.ofSeconds(20),
                System::nanoTime, SslContextBuilder.forClient().trustManager(trust).build());
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        LOOPS.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    @Test
    void a_server_whose_certificate_names_the_host_is_called() throws Exception {
        Outcome outcome = call("localhost");

        assertThat(outcome.error()).isNull();
        assertThat(outcome.status()).isEqualTo(200);
        assertThat(outcome.body()).isEqualTo("data: [DONE]\n\n");
    }

    @Test
    void a_certificate_for_another_host_name_is_refused() throws Exception {
        Outcome outcome = call("127.0.0.1");

        assertThat(outcome.status()).isZero();
        assertThat(outcome.error()).isInstanceOf(SSLHandshakeException.class).hasMessageContaining("127.0.0.1");
    }

    private static Outcome call(String host) throws Exception {
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        StringBuilder body = new StringBuilder();
        int[] status = new int[1];
        http.send(new StreamingHttp.Request(URI.create("https://" + host + ":" + server.getAddress().getPort() + "/v1"),
                Map.of("Content-Type", "application/json"), "{}".getBytes(StandardCharsets.UTF_8)),
                new StreamingHttp.Handler() {
                    @Override
                    public void onHead(int code, StreamingHttp.Headers headers) {
                        status[0] = code;
                    }

                    @Override
                    public void onBody(ByteBuffer piece) {
                        body.append(StandardCharsets.UTF_8.decode(piece));
                    }

                    @Override
                    public void onEnd() {
                        done.complete(new Outcome(status[0], body.toString(), null));
                    }

                    @Override
                    public void onError(Throwable error) {
                        done.complete(new Outcome(status[0], body.toString(), error));
                    }
                });
        return done.get(10, TimeUnit.SECONDS);
    }

    private record Outcome(int status, String body, Throwable error) {
    }
}

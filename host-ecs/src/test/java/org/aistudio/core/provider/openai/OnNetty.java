package org.aistudio.core.provider.openai;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.time.Duration;
import org.aistudio.host.providers.NettyStreamingHttp;

/** The host's Netty client, on event loops of the tests' own, for the adapters' suites. */
final class OnNetty {

    static final EventLoopGroup LOOPS = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    static final NettyStreamingHttp HTTP =
            new NettyStreamingHttp(LOOPS, NioSocketChannel.class, Duration.ofSeconds(5), Duration.ofSeconds(20));

    private OnNetty() {
    }
}

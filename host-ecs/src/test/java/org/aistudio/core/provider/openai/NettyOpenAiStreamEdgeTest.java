package org.aistudio.core.provider.openai;

import org.aistudio.core.provider.http.StreamingHttp;

/** The stream's edge cases, with calls on the host's Netty client. */
class NettyOpenAiStreamEdgeTest extends OpenAiStreamEdgeTest {

    @Override
    protected StreamingHttp http() {
        return OnNetty.HTTP;
    }
}

package org.aistudio.core.provider.openai;

import org.aistudio.core.provider.http.StreamingHttp;

/** The OpenAI fault matrix, with calls on the host's Netty client. */
class NettyOpenAiFaultMatrixTest extends OpenAiFaultMatrixTest {

    @Override
    protected StreamingHttp http() {
        return OnNetty.HTTP;
    }
}

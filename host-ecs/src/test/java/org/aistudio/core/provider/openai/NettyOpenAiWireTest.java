package org.aistudio.core.provider.openai;

import org.aistudio.core.provider.http.StreamingHttp;

/** The request's wire format, with calls on the host's Netty client. */
class NettyOpenAiWireTest extends OpenAiWireTest {

    @Override
    protected StreamingHttp http() {
        return OnNetty.HTTP;
    }
}

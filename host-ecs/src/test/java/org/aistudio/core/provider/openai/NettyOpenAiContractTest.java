package org.aistudio.core.provider.openai;

import org.aistudio.core.provider.http.StreamingHttp;

/** The OpenAI contract suite, with calls on the host's Netty client. */
class NettyOpenAiContractTest extends OpenAiContractTest {

    @Override
    protected StreamingHttp http() {
        return OnNetty.HTTP;
    }
}

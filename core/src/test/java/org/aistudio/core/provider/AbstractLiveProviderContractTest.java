package org.aistudio.core.provider;

import java.time.Duration;
import java.util.List;

/**
 * The contract suite against a real provider: nothing can be scripted or observed upstream, so
 * only the cases that need no scripting run. Subclasses give the provider and the model, and skip
 * themselves when the provider's key is not in the environment.
 */
public abstract class AbstractLiveProviderContractTest extends AbstractChatProviderContractTest {

    @Override
    protected final boolean scriptable() {
        return false;
    }

    @Override
    protected final void scriptAnswer(List<String> chunks, Usage usage) {
        throw new UnsupportedOperationException("a real provider cannot be scripted");
    }

    @Override
    protected final void scriptStatus(int status) {
        throw new UnsupportedOperationException("a real provider cannot be scripted");
    }

    @Override
    protected final void scriptDisconnectAfter(List<String> chunks) {
        throw new UnsupportedOperationException("a real provider cannot be scripted");
    }

    @Override
    protected final void scriptStallAfter(List<String> chunks) {
        throw new UnsupportedOperationException("a real provider cannot be scripted");
    }

    @Override
    protected final void awaitUpstreamSawDisconnect(Duration timeout) {
        throw new UnsupportedOperationException("a real provider cannot be observed");
    }
}

package org.aistudio.core.provider.openai.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Aborts one call's HTTP exchange directly, whatever operators sit between the caller and the
 * connection. Travels to {@link CancellableJdkConnector} in the Reactor context.
 *
 * <p>Needed because disposing the subscription is not enough: Spring AI's chunk pipeline groups
 * chunks with {@code windowUntil}, and a cancel that arrives while a chunk is being delivered can
 * stop there without ever reaching the connection, so the upstream would keep generating.
 */
public final class UpstreamAbort {

    private final List<Runnable> actions = new ArrayList<>();
    private boolean aborted;

    /** Registers what aborts the exchange; runs it at once when the call was already aborted. */
    void onAbort(Runnable action) {
        synchronized (this) {
            if (!aborted) {
                actions.add(action);
                return;
            }
        }
        action.run();
    }

    /** Aborts the exchange: cancels the pending response or closes the streaming body. Idempotent. */
    public void abort() {
        List<Runnable> toRun;
        synchronized (this) {
            if (aborted) {
                return;
            }
            aborted = true;
            toRun = List.copyOf(actions);
            actions.clear();
        }
        toRun.forEach(Runnable::run);
    }
}

package org.aistudio.host.admin;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.aistudio.core.provider.ChatListener;
import org.aistudio.core.provider.ChatProvider;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.EventSink;
import org.aistudio.core.provider.FinishReason;
import org.aistudio.core.provider.ProviderRegistry;
import org.aistudio.core.provider.StreamHandle;
import org.aistudio.core.provider.Usage;

/**
 * A provider (name {@code gated}) that sends its first word at once and the rest only when the
 * test opens the gate, so that a test can change the catalogue while a job is surely running.
 * Registered in hosts started with {@code test.gated=true}.
 */
@Singleton
@Requires(property = "test.gated", value = "true")
public class GatedProvider implements BeanCreatedEventListener<ProviderRegistry> {

    public static final String NAME = "gated";
    public static final Provider PROVIDER = new Provider();

    @Override
    public ProviderRegistry onCreated(BeanCreatedEvent<ProviderRegistry> event) {
        return event.getBean().register(PROVIDER);
    }

    /** The provider; one per JVM, shared by every host of a test like one upstream. */
    public static final class Provider implements ChatProvider {
        private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "gated-upstream");
            t.setDaemon(true);
            return t;
        });
        private volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

        /** Closes the gate for the streams started from now on; complete the result to open it. */
        public CompletableFuture<Void> hold() {
            CompletableFuture<Void> g = new CompletableFuture<>();
            gate = g;
            return g;
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public StreamHandle stream(ChatRequest request, ChatListener listener) {
            EventSink sink = new EventSink(listener);
            CompletableFuture<Void> g = gate;
            executor.execute(() -> sink.text("first "));
            g.thenRunAsync(() -> {
                sink.text("and the rest.");
                sink.usage(new Usage(3, 4, 0));
                sink.finish(FinishReason.STOP);
            }, executor);
            return sink::cancelled;
        }
    }
}

package org.aistudio.host.openai;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.aistudio.core.provider.ChatListener;
import org.aistudio.core.provider.ChatProvider;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.EventSink;
import org.aistudio.core.provider.ProviderException;
import org.aistudio.core.provider.ProviderRegistry;
import org.aistudio.core.provider.StreamHandle;

/**
 * A provider that misbehaves on purpose, chosen by the model's provider model id:
 * {@code fail-after-text} streams {@link #PARTIAL} then fails as an upstream 503 would;
 * {@code hang-after-text} streams {@link #PARTIAL} then waits until it is cancelled;
 * {@code refuse} fails at once as an upstream 400.
 */
final class ScriptedProvider implements ChatProvider {

    static final String NAME = "scripted";
    static final List<String> PARTIAL = List.of("Partial ", "answer ");

    private final ScheduledExecutorService scheduler;

    ScriptedProvider(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StreamHandle stream(ChatRequest request, ChatListener listener) {
        EventSink sink = new EventSink(listener);
        switch (request.model()) {
            case "refuse" -> later(() -> sink.fail(ProviderException.fromStatus(NAME, 400, null, "prompt refused")), 1);
            case "fail-after-text" -> {
                later(() -> sink.text(PARTIAL.get(0)), 5);
                later(() -> sink.text(PARTIAL.get(1)), 10);
                later(() -> sink.fail(ProviderException.fromStatus(NAME, 503, null, "upstream went away")), 30);
            }
            default -> {
                later(() -> sink.text(PARTIAL.get(0)), 5);
                later(() -> sink.text(PARTIAL.get(1)), 10);
            }
        }
        return () -> {
            if (!sink.ended()) {
                sink.cancelled();
            }
        };
    }

    private void later(Runnable step, long millis) {
        scheduler.schedule(step, millis, TimeUnit.MILLISECONDS);
    }

    /** Adds the scripted provider to the host's registry in the tests that ask for it. */
    @Singleton
    @Requires(property = "spec.name", value = "openai")
    static final class Registration implements BeanCreatedEventListener<ProviderRegistry> {
        private final ScheduledExecutorService scheduler;

        Registration(@Named("aistudio-scheduler") ScheduledExecutorService scheduler) {
            this.scheduler = scheduler;
        }

        @Override
        public ProviderRegistry onCreated(BeanCreatedEvent<ProviderRegistry> event) {
            return event.getBean().register(new ScriptedProvider(scheduler));
        }
    }

    /** The catalogue rows of the scripted models, inserted before the host starts. */
    static String insertModels() {
        return "INSERT INTO ai_models (key, name, provider, provider_model_id) VALUES "
                + "('broken', 'Fails mid-answer', 'scripted', 'fail-after-text'), "
                + "('stuck', 'Hangs mid-answer', 'scripted', 'hang-after-text'), "
                + "('refusing', 'Refuses at once', 'scripted', 'refuse')";
    }
}

package org.aistudio.host.support;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.aistudio.core.provider.ProviderRegistry;
import org.aistudio.core.provider.ScriptedProvider;
import org.aistudio.fixtures.db.TestDatabase;

/**
 * Adds the core's scripted provider (name {@code scripted}) to hosts started with
 * {@code test.scripted=true}. One instance per JVM, so two hosts in a test share it, like two
 * instances calling the same upstream.
 */
@Singleton
@Requires(property = "test.scripted", value = "true")
public class ScriptedProviders implements BeanCreatedEventListener<ProviderRegistry> {

    public static final ScriptedProvider PROVIDER = new ScriptedProvider("scripted",
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "scripted-upstream");
                t.setDaemon(true);
                return t;
            }), ScriptedProvider.Script.answer(Duration.ofMillis(5), "Hello ", "from ", "the ", "script."));

    @Override
    public ProviderRegistry onCreated(BeanCreatedEvent<ProviderRegistry> event) {
        return event.getBean().register(PROVIDER);
    }

    /** Adds a catalogue model served by the scripted provider, with optional timeouts in ms. */
    public static void addModel(TestDatabase db, String key, Integer firstTokenMs, Integer idleMs) {
        db.execute("INSERT INTO ai_models (key, name, provider, provider_model_id, first_token_timeout_ms, idle_timeout_ms) "
                + "VALUES ('" + key + "', 'Scripted " + key + "', 'scripted', 'scripted-1', "
                + (firstTokenMs == null ? "NULL" : firstTokenMs) + ", " + (idleMs == null ? "NULL" : idleMs) + ")");
    }
}

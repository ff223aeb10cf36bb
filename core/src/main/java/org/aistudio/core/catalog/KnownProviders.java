package org.aistudio.core.catalog;

import java.util.Collection;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.aistudio.core.provider.ChatProvider;
import org.aistudio.core.provider.ProviderRegistry;

/**
 * The provider names a model may name: those registered in this process plus those a host can
 * configure. A model may name a configurable provider that this instance has not configured (it
 * answers 503 until it is), so that a catalogue can be written before its keys are deployed.
 */
public final class KnownProviders {

    public static final String DEMO = "demo";
    public static final String OPENAI = "openai";
    public static final String OPENAI_COMPATIBLE = "openai-compatible";
    public static final String AZURE = "azure";
    public static final String BEDROCK = "bedrock";
    public static final String GEMINI = "gemini";

    /** Every provider a host can be configured with. The one list of them. */
    public static final Set<String> CONFIGURABLE = Set.of(DEMO, OPENAI, OPENAI_COMPATIBLE, AZURE, BEDROCK, GEMINI);

    private final Supplier<Collection<String>> registered;

    /** Known = {@link #CONFIGURABLE} plus what {@code registry} holds whenever it is asked. */
    public KnownProviders(ProviderRegistry registry) {
        this(() -> registry.all().stream().map(ChatProvider::name).toList());
    }

    /** Known = {@link #CONFIGURABLE} plus the names {@code registered} supplies when asked. */
    public KnownProviders(Supplier<Collection<String>> registered) {
        this.registered = registered;
    }

    public boolean contains(String name) {
        return CONFIGURABLE.contains(name) || registered.get().contains(name);
    }

    /** All known names, sorted, for messages. */
    public SortedSet<String> names() {
        SortedSet<String> names = new TreeSet<>(CONFIGURABLE);
        names.addAll(registered.get());
        return names;
    }
}

package org.aistudio.core.provider.resilience;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import org.aistudio.core.provider.ChatListener;
import org.aistudio.core.provider.ChatProvider;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.StreamHandle;

/**
 * A {@link ChatProvider} that makes a chain of targets reliable.
 *
 * <ul>
 *   <li>A retriable failure before the first text or reasoning delta is retried on the same target
 *       after a backoff ({@link RetryPolicy}), up to its attempts.</li>
 *   <li>When a target's retries are exhausted, or its provider's circuit is open, the next target
 *       of the chain is tried; the first target is the primary. An open circuit fails fast with
 *       {@link org.aistudio.core.provider.ErrorKind#UNAVAILABLE}.</li>
 *   <li>Once a delta has been delivered nothing is retried: a later failure ends the stream as
 *       {@link org.aistudio.core.provider.ChatEvent.Failed}, the partial text kept.</li>
 *   <li>Non-retriable failures (bad request, authentication, content filter...) end the stream at
 *       once.</li>
 *   <li>{@link StreamHandle#cancel()} reaches the current attempt, or stops a retry waiting in
 *       backoff.</li>
 * </ul>
 *
 * <p>Every attempt takes a permit from its provider's {@link CircuitBreaker}; share one
 * {@link CircuitBreakers} across all wrappers of a process.
 */
public final class ResilientChatProvider implements ChatProvider {

    private final String name;
    private final List<FallbackTarget> targets;
    private final RetryPolicy retryPolicy;
    private final CircuitBreakers circuitBreakers;
    private final ScheduledExecutorService scheduler;
    private final RandomGenerator random;
    private final AttemptListener listener;

    private ResilientChatProvider(Builder b) {
        if (b.targets.isEmpty()) {
            throw new IllegalArgumentException("a resilient provider needs at least one target (the primary)");
        }
        this.targets = List.copyOf(b.targets);
        this.name = b.name != null ? b.name : targets.get(0).providerName();
        this.retryPolicy = Objects.requireNonNull(b.retryPolicy, "retryPolicy");
        this.circuitBreakers = Objects.requireNonNull(b.circuitBreakers,
                "circuitBreakers: share one CircuitBreakers across the process");
        this.scheduler = Objects.requireNonNull(b.scheduler, "scheduler: retries wait on it");
        this.random = Objects.requireNonNull(b.random, "random");
        this.listener = Objects.requireNonNull(b.listener, "listener");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The primary target's provider name, unless one was set. */
    @Override
    public String name() {
        return name;
    }

    /** The chain, primary first. */
    public List<FallbackTarget> targets() {
        return targets;
    }

    /**
     * Streams from the first target that answers. Targets created with
     * {@link FallbackTarget#sameModel} ask for {@code request.model()}; the others for their own model.
     */
    @Override
    public StreamHandle stream(ChatRequest request, ChatListener chatListener) {
        List<FallbackTarget> resolved = targets.stream().map(t -> t.resolve(request.model())).toList();
        ResilientCall call = new ResilientCall(request, chatListener, resolved, retryPolicy, circuitBreakers,
                scheduler, random, listener);
        call.start();
        return call::cancel;
    }

    /** Whether every target starts without blocking: a fallback may be started where the first was. */
    @Override
    public boolean startsWithoutBlocking() {
        return targets.stream().allMatch(t -> t.provider().startsWithoutBlocking());
    }

    @Override
    public String toString() {
        return "ResilientChatProvider" + targets;
    }

    /** Builds a {@link ResilientChatProvider}. A scheduler, circuit breakers and one target are required. */
    public static final class Builder {
        private String name;
        private final List<FallbackTarget> targets = new ArrayList<>();
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULTS;
        private CircuitBreakers circuitBreakers;
        private ScheduledExecutorService scheduler;
        private RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();
        private AttemptListener listener = AttemptListener.NONE;

        private Builder() {
        }

        /** The name reported by {@link #name()} (default: the primary's provider name). */
        public Builder name(String value) {
            this.name = value;
            return this;
        }

        /** Appends a target: the first one added is the primary. */
        public Builder target(ChatProvider provider, String model) {
            this.targets.add(new FallbackTarget(provider, model));
            return this;
        }

        /** Appends a target that asks for the request's own model. */
        public Builder target(ChatProvider provider) {
            this.targets.add(FallbackTarget.sameModel(provider));
            return this;
        }

        /** Appends targets in order. */
        public Builder targets(List<FallbackTarget> values) {
            this.targets.addAll(values);
            return this;
        }

        public Builder retryPolicy(RetryPolicy value) {
            this.retryPolicy = value;
            return this;
        }

        public Builder circuitBreakers(CircuitBreakers value) {
            this.circuitBreakers = value;
            return this;
        }

        /** Where retries wait out their backoff. */
        public Builder scheduler(ScheduledExecutorService value) {
            this.scheduler = value;
            return this;
        }

        /** The jitter source; must be safe to use from several threads. */
        public Builder random(RandomGenerator value) {
            this.random = value;
            return this;
        }

        /** Told of retries and fallbacks. */
        public Builder listener(AttemptListener value) {
            this.listener = value;
            return this;
        }

        public ResilientChatProvider build() {
            return new ResilientChatProvider(this);
        }
    }
}

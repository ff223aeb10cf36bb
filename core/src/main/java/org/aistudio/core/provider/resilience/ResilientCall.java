package org.aistudio.core.provider.resilience;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.aistudio.core.provider.ChatEvent;
import org.aistudio.core.provider.ChatListener;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.ErrorKind;
import org.aistudio.core.provider.EventSink;
import org.aistudio.core.provider.ProviderException;
import org.aistudio.core.provider.StreamHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One resilient stream: walks the targets, retrying each within its policy, and forwards the
 * current attempt's events. Attempts are numbered by a generation so that a stale attempt can never
 * act on the call.
 */
final class ResilientCall {

    private static final Logger LOG = LoggerFactory.getLogger(ResilientCall.class);

    private final ChatRequest request;
    private final EventSink sink;
    private final List<FallbackTarget> targets;
    private final RetryPolicy policy;
    private final CircuitBreakers breakers;
    private final ScheduledExecutorService scheduler;
    private final RandomGenerator random;
    private final AttemptListener listener;

    private final Object lock = new Object();
    private int targetIndex;
    private int attempt = 1;
    private int generation;
    private boolean cancelled;
    private StreamHandle current;
    private ScheduledFuture<?> pendingRetry;

    ResilientCall(ChatRequest request, ChatListener chatListener, List<FallbackTarget> targets, RetryPolicy policy,
                  CircuitBreakers breakers, ScheduledExecutorService scheduler, RandomGenerator random,
                  AttemptListener listener) {
        this.request = request;
        this.sink = new EventSink(chatListener);
        this.targets = targets;
        this.policy = policy;
        this.breakers = breakers;
        this.scheduler = scheduler;
        this.random = random;
        this.listener = listener;
    }

    void start() {
        startAttempt();
    }

    void cancel() {
        StreamHandle attemptHandle;
        ScheduledFuture<?> retry;
        synchronized (lock) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            attemptHandle = current;
            retry = pendingRetry;
        }
        if (retry != null) {
            retry.cancel(false);
        }
        if (attemptHandle != null) {
            attemptHandle.cancel();
        }
        sink.cancelled();
    }

    private void startAttempt() {
        FallbackTarget target;
        int gen;
        synchronized (lock) {
            if (cancelled) {
                return;
            }
            target = targets.get(targetIndex);
            gen = ++generation;
            current = null;
            pendingRetry = null;
        }
        Optional<CircuitBreaker.Permit> permit = breakers.forProvider(target.providerName()).tryAcquire();
        if (permit.isEmpty()) {
            failed(gen, target, circuitOpen(target), true);
            return;
        }
        StreamHandle handle;
        try {
            handle = target.provider().stream(request.withModel(target.model()), new AttemptEvents(gen, target, permit.get()));
        } catch (RuntimeException e) {
            // The SPI forbids throwing; a provider that does is treated as a failed attempt.
            permit.get().failure();
            failed(gen, target, new ProviderException(target.providerName(), ErrorKind.UNKNOWN, 0, null,
                    target.providerName() + " threw instead of streaming: " + e.getClass().getSimpleName(), e), false);
            return;
        }
        boolean cancelNow;
        synchronized (lock) {
            if (gen == generation) {
                current = handle;
            }
            cancelNow = cancelled;
        }
        if (cancelNow) {
            handle.cancel();
        }
    }

    /** Decides what follows a failed attempt: pass it on, retry, fall back, or fail. */
    private void failed(int gen, FallbackTarget target, ProviderException error, boolean circuitOpen) {
        if (sink.answered()) {
            sink.fail(error);
            return;
        }
        FallbackTarget next = null;
        Duration delay = null;
        int retryNumber;
        synchronized (lock) {
            if (cancelled || gen != generation) {
                return;
            }
            retryNumber = attempt;
            if (error.retriable() && !circuitOpen && attempt < policy.maxAttempts()) {
                delay = policy.delayBefore(retryNumber, error, random);
                attempt++;
            } else if (error.retriable() && targetIndex + 1 < targets.size()) {
                targetIndex++;
                attempt = 1;
                next = targets.get(targetIndex);
            }
        }
        if (delay != null) {
            notifyRetry(target, retryNumber + 1, error, delay);
            scheduleRetry(gen, delay, error);
        } else if (next != null) {
            notifyFallback(target, next, error);
            startAttempt();
        } else {
            sink.fail(error);
        }
    }

    private void scheduleRetry(int gen, Duration delay, ProviderException error) {
        try {
            ScheduledFuture<?> future = scheduler.schedule(this::startAttempt, delay.toNanos(), TimeUnit.NANOSECONDS);
            synchronized (lock) {
                if (gen == generation) {
                    pendingRetry = future;
                }
                if (cancelled) {
                    future.cancel(false);
                }
            }
        } catch (RejectedExecutionException e) {
            sink.fail(error);
        }
    }

    private ProviderException circuitOpen(FallbackTarget target) {
        return new ProviderException(target.providerName(), ErrorKind.UNAVAILABLE,
                "circuit open for provider " + target.providerName() + ": calls are refused for now");
    }

    private void notifyRetry(FallbackTarget target, int nextAttempt, ProviderException error, Duration delay) {
        LOG.debug("retrying {} (attempt {}) in {} after {}", target, nextAttempt, delay, error.kind());
        try {
            listener.onRetry(target.providerName(), target.model(), nextAttempt, error, delay);
        } catch (RuntimeException e) {
            LOG.warn("attempt listener failed on a retry of {}", target, e);
        }
    }

    private void notifyFallback(FallbackTarget from, FallbackTarget to, ProviderException error) {
        LOG.info("falling back from {} to {} after {}", from, to, error.kind());
        try {
            listener.onFallback(from, to, error);
        } catch (RuntimeException e) {
            LOG.warn("attempt listener failed on a fallback from {}", from, e);
        }
    }

    /** Forwards one attempt's events and reports its outcome to the circuit breaker. */
    private final class AttemptEvents implements ChatListener {
        private final int gen;
        private final FallbackTarget target;
        private final CircuitBreaker.Permit permit;

        AttemptEvents(int gen, FallbackTarget target, CircuitBreaker.Permit permit) {
            this.gen = gen;
            this.target = target;
            this.permit = permit;
        }

        @Override
        public void onEvent(ChatEvent event) {
            if (event instanceof ChatEvent.TextDelta text) {
                sink.text(text.text());
            } else if (event instanceof ChatEvent.ReasoningDelta reasoning) {
                sink.reasoning(reasoning.text());
            } else if (event instanceof ChatEvent.UsageReport usage) {
                sink.usage(usage.usage());
            } else if (event instanceof ChatEvent.Finished finished) {
                permit.success();
                sink.finish(finished.reason());
            } else if (event instanceof ChatEvent.Cancelled) {
                permit.release();
                sink.cancelled();
            } else if (event instanceof ChatEvent.Failed failure) {
                ProviderException error = failure.error();
                if (breakers.config().records(error)) {
                    permit.failure();
                } else {
                    permit.success();
                }
                failed(gen, target, error, false);
            }
        }
    }
}

package org.aistudio.host.jobs;

import io.micronaut.core.propagation.PropagatedContext;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * The blocking part of a streaming route (admission, a job's lookup), run on the I/O executor
 * with the request's context (request id, current request). That executor is a fixed pool
 * ({@code micronaut.executors.io}) on every Java version, so it also bounds how many admissions
 * wait for a database connection at once; Micronaut's "blocking" executor becomes unbounded
 * virtual threads on Java 21 and later.
 *
 * <p>A route that is itself {@code @ExecuteOn} an executor has its response publisher moved to
 * that executor too ({@code subscribeOn} and {@code publishOn}): every frame of every answer
 * would be queued and handed to a pool thread before Netty writes it, and each open stream would
 * keep a 256-slot queue. Streaming routes therefore return a future from here instead, and their
 * frames are written from the thread that produced them.
 */
@Singleton
public class BlockingWork {

    private final ExecutorService executor;

    public BlockingWork(@Named(TaskExecutors.IO) ExecutorService executor) {
        this.executor = executor;
    }

    /** Runs {@code work} off the event loop; its exceptions fail the future unwrapped, so their handlers apply. */
    public <T> CompletableFuture<T> run(Supplier<T> work) {
        Supplier<T> inContext = PropagatedContext.getOrEmpty().wrap(work);
        CompletableFuture<T> result = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                result.complete(inContext.get());
            } catch (CompletionException e) {
                result.completeExceptionally(e.getCause() == null ? e : e.getCause());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }
}

package org.aistudio.host.jobs;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.aistudio.core.job.JobEngine;
import org.aistudio.host.db.EmbeddedPostgresLauncher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * The drain on SIGTERM. The process takes the signal itself, so that during the drain it still
 * answers: readiness and health turn unhealthy at once, new chats get 503, running answers may
 * finish for the drain period (inside the load balancer's deregistration delay); then what still
 * runs ends failed with its partial content saved, the context closes, and the embedded database
 * (if any) stops last.
 */
@Singleton
public class ShutdownCoordinator {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownCoordinator.class);

    private final JobEngine engine;
    private final Duration drain;
    private final AtomicBoolean draining = new AtomicBoolean();

    public ShutdownCoordinator(JobEngine engine, @Value("${aistudio.shutdown.drain:25s}") Duration drain) {
        this.engine = engine;
        this.drain = drain;
    }

    /** Runs the drain once; later calls return at once. */
    public void drain() {
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        LOG.info("Draining: no new chats, {} running answer(s) may finish within {}", engine.runningCount(), drain);
        int interrupted = engine.drain(drain);
        LOG.info("Drain finished; {} answer(s) were interrupted and saved as failed", interrupted);
    }

    public boolean draining() {
        return draining.get();
    }

    /** Takes SIGTERM and SIGINT so the drain runs before anything else stops. */
    public static void installSignalHandlers(ApplicationContext context, EmbeddedPostgresLauncher embedded) {
        AtomicBoolean stopping = new AtomicBoolean();
        sun.misc.SignalHandler handler = signal -> {
            if (!stopping.compareAndSet(false, true)) {
                return;
            }
            Thread stopper = new Thread(() -> {
                try {
                    context.getBean(ShutdownCoordinator.class).drain();
                    context.close();
                } catch (RuntimeException e) {
                    LOG.warn("Shutdown did not complete cleanly: {}", e.getClass().getSimpleName());
                } finally {
                    if (embedded != null) {
                        embedded.close();
                    }
                    Runtime.getRuntime().halt(0);
                }
            }, "aistudio-shutdown");
            stopper.start();
        };
        Signal.handle(new Signal("TERM"), handler);
        Signal.handle(new Signal("INT"), handler);
    }
}

package org.aistudio.host.management;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.util.Map;
import org.aistudio.core.job.JobEngine;
import org.aistudio.host.jobs.ShutdownCoordinator;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * {@code accepting}: down from the moment the drain starts, so {@code /health/readiness} answers
 * 503 while running answers finish; liveness stays up (the process is fine, only leaving).
 */
@Singleton
public class AcceptingHealthIndicator implements HealthIndicator {

    private final ShutdownCoordinator shutdown;
    private final JobEngine engine;

    public AcceptingHealthIndicator(ShutdownCoordinator shutdown, JobEngine engine) {
        this.shutdown = shutdown;
        this.engine = engine;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Mono.fromSupplier(() -> {
            boolean accepting = engine.accepting() && !shutdown.draining();
            return HealthResult.builder("accepting", accepting ? HealthStatus.UP : HealthStatus.DOWN)
                    .details(Map.of("draining", !accepting, "runningJobs", engine.runningCount()))
                    .build();
        });
    }
}

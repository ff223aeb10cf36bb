package org.aistudio.host.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import org.aistudio.core.job.JobEngine;

/**
 * Registers the active-streams gauge (the guide's "queue depth"): answers running on this
 * instance. A bean of its own because the engine needs the observer, which needs the metrics.
 */
@Context
@Requires(beans = MeterRegistry.class)
public class ActiveStreamsGauge {

    public ActiveStreamsGauge(MeterRegistry registry, JobEngine engine) {
        Gauge.builder(MeterNames.ACTIVE_STREAMS, engine, JobEngine::runningCount)
                .description("Answers running on this instance")
                .register(registry);
    }
}

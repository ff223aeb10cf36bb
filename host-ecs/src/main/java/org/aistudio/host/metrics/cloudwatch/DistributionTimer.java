package org.aistudio.host.metrics.cloudwatch;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.step.StepTimer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A step timer that also keeps the recorded values (in milliseconds, slightly rounded) with their
 * counts, so they can be sent to CloudWatch as a value distribution: CloudWatch then computes real
 * percentiles, which a sum / count / max statistic set cannot give.
 */
final class DistributionTimer extends StepTimer {

    private Map<Double, Long> values = new HashMap<>();

    DistributionTimer(Meter.Id id, Clock clock, PauseDetector pauseDetector, long stepMillis) {
        // No client-side histogram: CloudWatch computes percentiles from the values themselves.
        super(id, clock, DistributionStatisticConfig.DEFAULT, pauseDetector, TimeUnit.MILLISECONDS, stepMillis, false);
    }

    @Override
    protected void recordNonNegative(long amount, TimeUnit unit) {
        super.recordNonNegative(amount, unit);
        double millis = round(unit.toNanos(amount) / 1_000_000.0);
        synchronized (this) {
            values.merge(millis, 1L, Long::sum);
        }
    }

    /** The values recorded since the last call, and their counts. */
    synchronized Map<Double, Long> drain() {
        Map<Double, Long> drained = values;
        values = new HashMap<>();
        return drained;
    }

    /**
     * Keeps about three significant digits (1 ms under a second, 10 ms under ten seconds, then
     * 100 ms): percentiles stay within 1 %, and a busy minute has a few hundred distinct values,
     * not thousands.
     */
    static double round(double millis) {
        double step = millis < 1_000 ? 1 : millis < 10_000 ? 10 : 100;
        return Math.round(millis / step) * step;
    }
}

package org.aistudio.host.metrics.cloudwatch;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.NamingConvention;
import java.util.Locale;

/**
 * Names meters as the operations guide does ({@code aistudio.jobs.created} is
 * {@code JobsCreated}) and tag keys as CloudWatch dimensions ({@code provider} is
 * {@code Provider}).
 */
final class GuideNamingConvention implements NamingConvention {

    /** CloudWatch's limit on a dimension value. */
    private static final int MAX_VALUE_LENGTH = 1024;

    @Override
    public String name(String name, Meter.Type type, String baseUnit) {
        return CloudWatchNames.of(name).map(CloudWatchNames.Metric::name).orElse(name);
    }

    @Override
    public String tagKey(String key) {
        return key.isEmpty() ? key : key.substring(0, 1).toUpperCase(Locale.ROOT) + key.substring(1);
    }

    @Override
    public String tagValue(String value) {
        return value.length() <= MAX_VALUE_LENGTH ? value : value.substring(0, MAX_VALUE_LENGTH);
    }
}

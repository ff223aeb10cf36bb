package org.aistudio.core.job;

import java.time.Duration;
import java.util.Objects;

/** Settings of a {@link JobEngine}; immutable, validated when built. */
public final class JobEngineConfig {

    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofMillis(250);
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofSeconds(60);
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(15);
    public static final Duration DEFAULT_CANCEL_GRACE = Duration.ofSeconds(1);
    public static final Duration DEFAULT_WATCHDOG_INTERVAL = Duration.ofMillis(100);
    public static final Duration DEFAULT_TAIL_POLL_INTERVAL = Duration.ofMillis(500);
    public static final Duration DEFAULT_FINISHED_RETENTION = Duration.ofSeconds(60);
    public static final Duration DEFAULT_CLEANUP_INTERVAL = Duration.ofMinutes(10);
    public static final int DEFAULT_MAX_READER_LAG = 10_000;

    private final String instanceId;
    private final Duration checkpointInterval;
    private final Duration heartbeatInterval;
    private final Duration staleAfter;
    private final Duration keepAlive;
    private final Duration cancelGrace;
    private final Duration watchdogInterval;
    private final Duration tailPollInterval;
    private final Duration finishedRetention;
    private final Duration cleanupInterval;
    private final int maxReaderLag;

    private JobEngineConfig(Builder b) {
        this.instanceId = requireText(b.instanceId, "instanceId");
        this.checkpointInterval = positive(b.checkpointInterval, "checkpointInterval");
        this.heartbeatInterval = positive(b.heartbeatInterval, "heartbeatInterval");
        this.staleAfter = positive(b.staleAfter, "staleAfter");
        this.keepAlive = positive(b.keepAlive, "keepAlive");
        this.cancelGrace = positive(b.cancelGrace, "cancelGrace");
        this.watchdogInterval = positive(b.watchdogInterval, "watchdogInterval");
        this.tailPollInterval = positive(b.tailPollInterval, "tailPollInterval");
        this.finishedRetention = Objects.requireNonNull(b.finishedRetention, "finishedRetention");
        this.cleanupInterval = positive(b.cleanupInterval, "cleanupInterval");
        this.maxReaderLag = b.maxReaderLag;
        if (maxReaderLag < 1) {
            throw new IllegalArgumentException("maxReaderLag must be at least 1, was " + maxReaderLag);
        }
        if (heartbeatInterval.compareTo(staleAfter) >= 0) {
            throw new IllegalArgumentException("heartbeatInterval (" + heartbeatInterval
                    + ") must be shorter than staleAfter (" + staleAfter + "), or live jobs would be swept");
        }
        if (checkpointInterval.compareTo(staleAfter) >= 0) {
            throw new IllegalArgumentException("checkpointInterval (" + checkpointInterval
                    + ") must be shorter than staleAfter (" + staleAfter + ")");
        }
    }

    public static Builder builder(String instanceId) {
        return new Builder(instanceId);
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
        return d;
    }

    private static String requireText(String s, String name) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return s;
    }

    public String instanceId() {
        return instanceId;
    }

    /** How often partial content of running jobs is written (one batch for all jobs). */
    public Duration checkpointInterval() {
        return checkpointInterval;
    }

    /** How often a running job with nothing new refreshes its heartbeat. */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /** Heartbeat age at which any instance's sweeper fails a running job. */
    public Duration staleAfter() {
        return staleAfter;
    }

    /** Longest silence on a client stream before an SSE keep-alive comment. */
    public Duration keepAlive() {
        return keepAlive;
    }

    /** How long a cancelled stream may take to stop before the job is ended anyway. */
    public Duration cancelGrace() {
        return cancelGrace;
    }

    public Duration watchdogInterval() {
        return watchdogInterval;
    }

    /** How often an instance that does not own a job polls its checkpoints to resume it. */
    public Duration tailPollInterval() {
        return tailPollInterval;
    }

    /** How long an ended job's events stay in memory for late resumes. */
    public Duration finishedRetention() {
        return finishedRetention;
    }

    /** How often the retention clean-up runs (on one instance at a time). */
    public Duration cleanupInterval() {
        return cleanupInterval;
    }

    /** How many events a client stream may fall behind before it is ended. */
    public int maxReaderLag() {
        return maxReaderLag;
    }

    /** Builder with the documented defaults. */
    public static final class Builder {
        private final String instanceId;
        private Duration checkpointInterval = DEFAULT_CHECKPOINT_INTERVAL;
        private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
        private Duration staleAfter = DEFAULT_STALE_AFTER;
        private Duration keepAlive = DEFAULT_KEEP_ALIVE;
        private Duration cancelGrace = DEFAULT_CANCEL_GRACE;
        private Duration watchdogInterval = DEFAULT_WATCHDOG_INTERVAL;
        private Duration tailPollInterval = DEFAULT_TAIL_POLL_INTERVAL;
        private Duration finishedRetention = DEFAULT_FINISHED_RETENTION;
        private Duration cleanupInterval = DEFAULT_CLEANUP_INTERVAL;
        private int maxReaderLag = DEFAULT_MAX_READER_LAG;

        private Builder(String instanceId) {
            this.instanceId = instanceId;
        }

        public Builder checkpointInterval(Duration v) { this.checkpointInterval = v; return this; }
        public Builder heartbeatInterval(Duration v) { this.heartbeatInterval = v; return this; }
        public Builder staleAfter(Duration v) { this.staleAfter = v; return this; }
        public Builder keepAlive(Duration v) { this.keepAlive = v; return this; }
        public Builder cancelGrace(Duration v) { this.cancelGrace = v; return this; }
        public Builder watchdogInterval(Duration v) { this.watchdogInterval = v; return this; }
        public Builder tailPollInterval(Duration v) { this.tailPollInterval = v; return this; }
        public Builder finishedRetention(Duration v) { this.finishedRetention = v; return this; }
        public Builder cleanupInterval(Duration v) { this.cleanupInterval = v; return this; }
        public Builder maxReaderLag(int v) { this.maxReaderLag = v; return this; }

        public JobEngineConfig build() {
            return new JobEngineConfig(this);
        }
    }
}

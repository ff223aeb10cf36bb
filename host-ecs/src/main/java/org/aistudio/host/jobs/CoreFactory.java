package org.aistudio.host.jobs;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.aistudio.core.catalog.JdbcModelCatalog;
import org.aistudio.core.conversation.ConversationStore;
import org.aistudio.core.job.JobEngine;
import org.aistudio.core.job.JobEngineConfig;
import org.aistudio.core.job.JobObserver;
import org.aistudio.core.job.JobStore;
import org.aistudio.core.jdbc.WarmThreadsExecutor;
import org.aistudio.core.job.jdbc.JdbcJobStore;
import org.aistudio.core.ratelimit.JobCreationRateLimit;
import org.aistudio.core.user.UserStore;
import org.aistudio.host.config.JobsConfig;

/** Turns configuration into the core's stores, executors and job engine. */
@Factory
public class CoreFactory {

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Job creations pass the rate limits inside their own transaction (see {@code JdbcRateLimiter}). */
    @Singleton
    JobStore jobStore(DataSource dataSource, JobCreationRateLimit rateLimit) {
        return new JdbcJobStore(dataSource, rateLimit);
    }

    @Singleton
    ConversationStore conversationStore(DataSource dataSource) {
        return new ConversationStore(dataSource);
    }

    @Singleton
    UserStore userStore(DataSource dataSource) {
        return new UserStore(dataSource);
    }

    @Singleton
    JdbcModelCatalog modelCatalog(DataSource dataSource, Clock clock,
                                  @Value("${aistudio.models.cache-ttl:2s}") Duration ttl,
                                  @Named("aistudio-db") ExecutorService db) {
        // Re-read on the database's threads: a chat never waits for the catalogue's re-read.
        return new JdbcModelCatalog(dataSource, clock, ttl, db);
    }

    /** Timers of the engine and the providers: deadlines, pacing, keep-alives. Never blocks. */
    @Singleton
    @Named("aistudio-scheduler")
    @Bean(preDestroy = "shutdownNow")
    ScheduledExecutorService scheduler() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, daemon("aistudio-timer-"));
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /**
     * All JDBC work of the engine, bounded like the connection pool. The thread that went idle last
     * takes the next task, so at a low rate the pool's connections in use stay fresh and are not
     * checked (one more round trip) before each chat's writes. Heartbeats go ahead of the backlog.
     */
    @Singleton
    @Named("aistudio-db")
    @Bean(preDestroy = "shutdown")
    WarmThreadsExecutor databaseExecutor(@Value("${aistudio.db.pool-size:10}") int poolSize) {
        return new WarmThreadsExecutor(poolSize, 50_000, daemon("aistudio-db-"));
    }

    /** Eager: the sweeper, checkpoints and clean-up must run from start-up, before any request. */
    @Context
    @Bean(preDestroy = "close")
    JobEngine jobEngine(JobStore store, JobsConfig jobs, @Value("${aistudio.stream.keepalive:15s}") Duration keepAlive,
                        @Value("${aistudio.instance-id:local}") String instanceId,
                        @Named("aistudio-scheduler") ScheduledExecutorService scheduler,
                        @Named("aistudio-db") WarmThreadsExecutor db, JobObserver observer) {
        JobEngineConfig config = JobEngineConfig.builder(instanceId + "-" + ProcessHandle.current().pid())
                .staleAfter(jobs.staleAfter())
                .checkpointInterval(jobs.checkpointInterval())
                .heartbeatInterval(jobs.heartbeatInterval())
                .cleanupInterval(jobs.cleanupInterval())
                .tailPollInterval(jobs.tailPollInterval())
                .maxReaderLag(jobs.maxReaderLag())
                .keepAlive(keepAlive)
                .build();
        JobEngine engine = new JobEngine(store, config, scheduler, db, db.ahead(), System::nanoTime, observer);
        engine.startBackgroundTasks();
        return engine;
    }

    static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

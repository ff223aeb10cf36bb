package org.aistudio.host.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.aistudio.core.job.JobEngine;

/**
 * {@code GET /api/health}: the load balancer's target. Unhealthy (503) when the database does
 * not answer or the instance is draining, so the target leaves rotation.
 */
@Controller("/api/health")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
public class HealthController {

    private final DataSource dataSource;
    private final JobEngine engine;
    private final Clock clock;

    public HealthController(DataSource dataSource, JobEngine engine, Clock clock) {
        this.dataSource = dataSource;
        this.engine = engine;
        this.clock = clock;
    }

    @Serdeable
    public record Check(String status) {
    }

    @Serdeable
    public record Health(String status, Map<String, Check> checks, Instant timestamp) {
    }

    @Get
    public HttpResponse<Health> health() {
        Map<String, Check> checks = new LinkedHashMap<>();
        checks.put("database", new Check(databaseUp() ? "healthy" : "unhealthy"));
        checks.put("accepting", new Check(engine.accepting() ? "healthy" : "unhealthy"));
        boolean healthy = checks.values().stream().allMatch(c -> c.status().equals("healthy"));
        Health body = new Health(healthy ? "healthy" : "unhealthy", checks, clock.instant());
        return HttpResponse.status(healthy ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(body)
                .header("Cache-Control", "no-store");
    }

    private boolean databaseUp() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (Exception e) {
            return false;
        }
    }
}

package org.aistudio.host.management;

import io.micronaut.flyway.FlywayConfigurationProperties;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;

/**
 * {@code migrations}: Flyway's view of the schema. Down while a migration this build ships is
 * still pending (or one failed): the code would run on a schema it does not know. Migrations newer
 * than this build (applied by a newer version during a rolling deployment) are fine.
 */
@Singleton
public class MigrationsHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final FlywayConfigurationProperties flyway;
    private final DataSource dataSource;

    public MigrationsHealthIndicator(@Named("default") FlywayConfigurationProperties flyway, DataSource dataSource) {
        this.flyway = flyway;
        this.dataSource = dataSource;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        MigrationInfoService info = flyway.getFluentConfiguration().dataSource(dataSource).load().info();
        int applied = 0;
        int failed = 0;
        int future = 0;
        for (MigrationInfo m : info.all()) {
            MigrationState state = m.getState();
            if (state.isFailed()) {
                failed++;
            } else if (state == MigrationState.FUTURE_SUCCESS) {
                future++;
            } else if (state.isApplied()) {
                applied++;
            }
        }
        int pending = info.pending().length;
        MigrationInfo current = info.current();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("currentVersion", current == null || current.getVersion() == null
                ? "none" : current.getVersion().getVersion());
        details.put("applied", applied);
        details.put("pending", pending);
        details.put("failed", failed);
        details.put("newerThanThisBuild", future);
        healthStatus = pending == 0 && failed == 0 ? HealthStatus.UP : HealthStatus.DOWN;
        return details;
    }

    @Override
    protected String getName() {
        return "migrations";
    }
}

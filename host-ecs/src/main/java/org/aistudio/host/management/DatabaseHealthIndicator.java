package org.aistudio.host.management;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/** {@code database}: a connection from the pool answers a validity check within two seconds. */
@Singleton
public class DatabaseHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final DataSource dataSource;

    public DatabaseHealthIndicator(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        long start = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            boolean valid = c.isValid(2);
            healthStatus = valid ? HealthStatus.UP : HealthStatus.DOWN;
            details.put("database", c.getMetaData().getDatabaseProductName() + " "
                    + c.getMetaData().getDatabaseProductVersion());
        } catch (SQLException e) {
            healthStatus = HealthStatus.DOWN;
            details.put("error", e.getClass().getSimpleName());
        }
        details.put("responseTimeMs", (System.nanoTime() - start) / 1_000_000);
        return details;
    }

    @Override
    protected String getName() {
        return "database";
    }
}

package org.aistudio.core.job.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.aistudio.core.job.Job;
import org.aistudio.core.job.JobStatus;

/** Maps a row of {@code JdbcJobStore}'s job query to a {@link Job}. */
final class JobRows {

    private JobRows() {
    }

    static Job read(ResultSet rs) throws SQLException {
        return new Job(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3), rs.getInt(4), rs.getString(5),
                JobStatus.fromWire(rs.getString(6)), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getString(10), JdbcJobStore.instant(rs, 11), JdbcJobStore.instant(rs, 12),
                JdbcJobStore.instant(rs, 13), JdbcJobStore.instant(rs, 14), rs.getString(15), rs.getInt(16));
    }
}

package org.aistudio.core.job.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import org.aistudio.core.job.NewJob;

/**
 * A check that runs first in the transaction that creates a job, on the same connection. It may
 * read and write (and lock) in that transaction; when it throws, the transaction rolls back and
 * nothing of the job is written. Admission checks that must hold under concurrency (a count
 * and the insert it limits) belong here, not before the transaction.
 */
@FunctionalInterface
public interface CreationGuard {

    /** The guard that admits every job. */
    CreationGuard NONE = (connection, job) -> { };

    /**
     * @throws RuntimeException to refuse the job; it reaches the caller of {@code create} unchanged
     */
    void beforeCreate(Connection transaction, NewJob job) throws SQLException;
}

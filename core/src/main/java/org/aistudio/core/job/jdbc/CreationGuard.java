package org.aistudio.core.job.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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

    /**
     * A guard whose checks run inside the statement that inserts the job: in auto-commit, the
     * whole creation is one round trip, its commit included. {@link JdbcJobStore} calls
     * {@link #admission} (in place of {@code beforeCreate}) and runs one statement: its own
     * {@code pre} expression (whether the job can be inserted at all), the {@link #gate}'s common
     * table expressions, then the conversation, the message and the job, each inserted only when
     * the gate's row says {@code admitted}; then {@link Gate#read} with that row. A job the gate
     * refuses was never inserted, and nothing the gate writes is written when the store's
     * condition does not hold. The gate's locks last until the statement commits.
     */
    interface Gated extends CreationGuard {

        /**
         * Common table expressions, comma-separated, without the leading {@code WITH}. The last is
         * named {@code gate} and yields exactly one row whose first column is the boolean
         * {@code admitted}. They write nothing unless {@code countOnlyIf}, an SQL condition without
         * parameters, holds. The names {@code pre}, {@code conv}, {@code msg} and {@code j} are
         * the store's. Called once, when the store is made.
         */
        String gate(String countOnlyIf);

        /** This job's gate: its parameters and the reading of its row. Runs nothing. */
        Gate admission(NewJob job);
    }

    /** One job's {@link Gated#gate}: its parameters and the reading of its row. */
    interface Gate {

        /** Binds the gate's parameters from index {@code first} on; returns the index after the last. */
        int bind(PreparedStatement statement, int first) throws SQLException;

        /**
         * Reads the gate's row, whose columns start at {@code first}.
         *
         * @throws RuntimeException to refuse the job, as {@code beforeCreate} does
         */
        void read(ResultSet row, int first) throws SQLException;
    }
}

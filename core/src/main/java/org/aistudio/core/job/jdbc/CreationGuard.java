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
     * A guard whose last check can run inside the statement that inserts the job, one round trip
     * fewer on every creation. {@link JdbcJobStore} calls {@link #beforeInsert} (in place of
     * {@code beforeCreate}), then runs one statement: the {@link #gate()}'s common table
     * expressions, then the conversation, the message and the job, each inserted only when the
     * gate's row says {@code admitted}; then {@link Gate#read} with that row. A job the gate
     * refuses was never inserted, and the exception {@code read} throws rolls back whatever the
     * gate wrote.
     */
    interface Gated extends CreationGuard {

        /**
         * Common table expressions, comma-separated, without the leading {@code WITH}. The last is
         * named {@code gate} and yields exactly one row whose first column is the boolean
         * {@code admitted}. The names {@code conv}, {@code msg} and {@code j} are the store's. Read
         * once, when the store is made.
         */
        String gate();

        /** Runs what must come before the gate (a lock, reads), in the transaction; returns this job's gate. */
        Gate beforeInsert(Connection transaction, NewJob job) throws SQLException;
    }

    /** One job's {@link Gated#gate()}: its parameters and the reading of its row. */
    interface Gate {

        /** Binds the gate's parameters, the statement's first; returns how many it bound. */
        int bind(PreparedStatement statement) throws SQLException;

        /**
         * Reads the gate's row, whose columns start at {@code first}.
         *
         * @throws RuntimeException to refuse the job, as {@code beforeCreate} does
         */
        void read(ResultSet row, int first) throws SQLException;
    }
}

package org.aistudio.core.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import javax.sql.DataSource;
import org.aistudio.core.AiStudioException;

/**
 * The JDBC plumbing every PostgreSQL store shares: a connection for one piece of work, a
 * transaction that commits or rolls back, and one unchecked exception whose retriable flag
 * follows the SQLSTATE class.
 */
public final class Sql {

    private static final String DATABASE_ERROR = "database error";

    private Sql() {
    }

    /** Work on a connection; may throw {@link SQLException}. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    public static <T> T read(DataSource ds, Work<T> work) {
        return read(ds, DATABASE_ERROR, work);
    }

    /** Runs work on a pooled connection in auto-commit; {@code what} names it in the error. */
    public static <T> T read(DataSource ds, String what, Work<T> work) {
        try (Connection c = ds.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    public static <T> T inTransaction(DataSource ds, Work<T> work) {
        return inTransaction(ds, DATABASE_ERROR, work);
    }

    /** Runs work in one transaction: committed when it returns, rolled back when it throws. */
    public static <T> T inTransaction(DataSource ds, String what, Work<T> work) {
        try (Connection c = ds.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /**
     * The exception for a failed statement. Connection problems (08), serialization failures and
     * deadlocks (40), operator interventions (57) and transient failures such as a pool that had no
     * connection in time may pass on a retry; constraint violations will not.
     */
    public static AiStudioException failure(String what, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        boolean retriable = state.startsWith("08") || state.startsWith("40") || state.startsWith("57")
                || e instanceof SQLTransientException;
        return new AiStudioException(what + " (SQLSTATE " + state + ")", retriable, e);
    }
}

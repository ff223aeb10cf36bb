package org.aistudio.core.job.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.aistudio.core.AiStudioException;

/** Small JDBC helpers: transactions and one unchecked exception type. */
final class Sql {

    private Sql() {
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    static <T> T read(DataSource ds, Work<T> work) {
        try (Connection c = ds.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    static <T> T inTransaction(DataSource ds, Work<T> work) {
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
            throw failure(e);
        }
    }

    static AiStudioException failure(SQLException e) {
        // Connection problems and serialization failures may pass; constraint violations will not.
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        boolean retriable = state.startsWith("08") || state.startsWith("40") || state.startsWith("57");
        return new AiStudioException("database error (SQLSTATE " + state + ")", retriable, e);
    }
}

package io.gridwork.shared.persistence;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells whether a failure means that the database cannot be reached (stopped, restarting, the network to it
 * down, the pool timed out waiting for a connection), as opposed to a fault of the request or the code. Such
 * failures are answered 503 (try again later) instead of 500: {@code ApiProblemHandler}, {@code PageErrorHandler},
 * the Open311 controller and, for failures in filters (sessions, tokens), {@code DatabaseOutageFilter}.
 */
public final class DatabaseOutage {

    private DatabaseOutage() {
    }

    /**
     * Whether {@code failure} or one of its causes says the database is unreachable. A {@link TransactionSystemException}
     * counts when a JDBC commit or rollback failed (its cause an {@link SQLException}; after a fatal SQL state Hikari
     * closes the connection, and the rollback then fails with "Connection is closed", without a state), or by the
     * exception it overrode.
     */
    public static boolean isCause(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> pending = new ArrayDeque<>();
        pending.add(failure);
        while (!pending.isEmpty()) {
            Throwable t = pending.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof DataAccessResourceFailureException // CannotGetJdbcConnectionException; SQL states 08, 53, 57, ...
                    || t instanceof RecoverableDataAccessException
                    || t instanceof SQLTransientConnectionException // Hikari: no connection within connection-timeout
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof CannotCreateTransactionException && t.getCause() instanceof SQLException) {
                return true; // the transaction manager could not get or prepare a connection
            }
            if (t instanceof SQLException sql && connectionState(sql.getSQLState())) {
                return true;
            }
            if (t instanceof TransactionSystemException tse) {
                if (tse.getCause() instanceof SQLException) {
                    // a JDBC commit or rollback failed with an SQL exception the translator could not place: the
                    // connection itself failed (after a fatal state Hikari closes it: "Connection is closed", no state)
                    return true;
                }
                if (tse.getApplicationException() != null) {
                    pending.add(tse.getApplicationException());
                }
            }
            if (t.getCause() != null) {
                pending.add(t.getCause());
            }
        }
        return false;
    }

    /** SQL state class 08 (connection exception) or PostgreSQL's 57P01-57P03 (shutting down, cannot connect now). */
    private static boolean connectionState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }
}

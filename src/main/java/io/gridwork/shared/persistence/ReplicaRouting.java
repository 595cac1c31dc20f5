package io.gridwork.shared.persistence;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * Chooses the data source of read-only transactions when a streaming replica is configured
 * ({@code gridwork.datasource.replica.url}, see {@link ReplicaConfiguration}): it hands out a connection of the
 * replica's pool only while the current thread runs a read that may be a little stale ({@link #readsMayLag}, set by
 * {@link ReplicaReadFilter} for the GET requests of lists, dashboards, measures, exports and Open311), the
 * replica was reachable at its last check and its lag was within {@code max-lag}; otherwise, and when the replica
 * refuses a connection, one of the primary's.
 * <p>
 * The lag is measured without trusting either server's clock: every check records the primary's WAL position with
 * the time it was read (this instance's clock), then reads the position the replica has replayed; the replica holds
 * everything the primary held at the newest recorded time whose position it has reached, so its lag is at most the
 * time since then (0 when it has replayed the primary's current position).
 */
public final class ReplicaRouting implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplicaRouting.class);
    private static final ThreadLocal<Boolean> READS_MAY_LAG = new ThreadLocal<>();
    private static final int SAMPLES = 256;

    /** The replica's state as its last check (or a refused connection since) left it. */
    public record State(String state, boolean usable, Long lagMillis, Long bytesBehind, String reason, Instant checkedAt) {

        static State unchecked() {
            return new State("unchecked", false, null, null, "not checked yet", null);
        }
    }

    private final DataSource primary;
    private final DataSource replica;
    private final Duration maxLag;
    private final AtomicReference<State> state = new AtomicReference<>(State.unchecked());
    private final Deque<long[]> samples = new ArrayDeque<>(); // {nanoTime, primary WAL position}, newest last
    private final AtomicLong replicaConnections = new AtomicLong();
    private final AtomicLong primaryConnections = new AtomicLong();

    ReplicaRouting(DataSource primary, DataSource replica, Duration maxLag) {
        this.primary = primary;
        this.replica = replica;
        this.maxLag = maxLag;
    }

    /** Runs {@code work} with the reads of its read-only transactions allowed to go to the replica. */
    public static <T> T readsMayLag(Supplier<T> work) {
        Boolean before = READS_MAY_LAG.get();
        READS_MAY_LAG.set(Boolean.TRUE);
        try {
            return work.get();
        } finally {
            if (before == null) {
                READS_MAY_LAG.remove();
            } else {
                READS_MAY_LAG.set(before);
            }
        }
    }

    static boolean readsMayLagNow() {
        return Boolean.TRUE.equals(READS_MAY_LAG.get());
    }

    public State state() {
        return state.get();
    }

    /** Connections handed out from the replica's pool and from the primary's (for tests and the health details). */
    public long replicaConnections() {
        return replicaConnections.get();
    }

    public long primaryConnections() {
        return primaryConnections.get();
    }

    /** The data source of read-only transactions (not a bean: the application has one data source). */
    DataSource readOnlyDataSource() {
        return gate;
    }

    private final DataSource gate = new AbstractDataSource() {

        @Override
        public Connection getConnection() throws SQLException {
            return connection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            throw new SQLException("the replica routing gives connections of its configured pools only");
        }
    };

    private Connection connection() throws SQLException {
        if (readsMayLagNow() && state.get().usable()) {
            try {
                Connection c = replica.getConnection();
                // checked (one round trip) even when the pool used it a moment ago: a replica stopped since then
                // costs no read, which goes to the primary instead
                if (!c.isValid(1)) {
                    c.close();
                    throw new SQLException("replica connection not valid");
                }
                replicaConnections.incrementAndGet();
                return c;
            } catch (SQLException e) {
                // the replica went away since its last check: this read and the next ones go to the primary
                change(new State("down", false, null, null, message(e), Instant.now()));
            }
        }
        primaryConnections.incrementAndGet();
        return primary.getConnection();
    }

    /** Measures the replica's lag (see the class comment) and decides whether reads may go to it. */
    public State check() {
        long now = System.nanoTime();
        long primaryPosition;
        try (Connection c = primary.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint")) {
            r.next();
            primaryPosition = r.getLong(1);
        } catch (SQLException e) {
            // without the primary's position the lag is unknown; reads then fail or succeed on the primary anyway
            return change(new State("unknown", false, null, null, "primary: " + message(e), Instant.now()));
        }
        synchronized (samples) {
            samples.addLast(new long[] {now, primaryPosition});
            while (samples.size() > SAMPLES) {
                samples.removeFirst();
            }
        }
        long replayed;
        boolean recovering;
        try (Connection c = replica.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select pg_is_in_recovery(), pg_wal_lsn_diff(case when pg_is_in_recovery()"
                        + " then pg_last_wal_replay_lsn() else pg_current_wal_lsn() end, '0/0')::bigint")) {
            r.next();
            recovering = r.getBoolean(1);
            replayed = r.getLong(2);
            if (r.wasNull()) {
                return change(new State("lagging", false, null, null, "nothing replayed yet", Instant.now()));
            }
        } catch (SQLException e) {
            return change(new State("down", false, null, null, message(e), Instant.now()));
        }
        long behind = Math.max(0, primaryPosition - replayed);
        Long lag = behind == 0 ? Long.valueOf(0) : lagSince(replayed, now);
        if (lag == null) {
            return change(new State("lagging", false, null, behind, "catching up (lag not yet measured)", Instant.now()));
        }
        boolean usable = lag <= maxLag.toMillis();
        String reason = !recovering ? "not in recovery (a promoted or independent server)" : null;
        return change(new State(usable ? "in use" : "lagging", usable, lag, behind,
                usable ? reason : "lag above " + maxLag.toMillis() + " ms", Instant.now()));
    }

    /** Milliseconds since the newest sample whose primary position the replica has replayed; null if none is known. */
    private Long lagSince(long replayed, long now) {
        synchronized (samples) {
            for (Iterator<long[]> it = samples.descendingIterator(); it.hasNext();) {
                long[] sample = it.next();
                if (sample[1] <= replayed) {
                    return Duration.ofNanos(now - sample[0]).toMillis();
                }
            }
            // older than every sample kept: at least as old as the oldest, unless that one was taken just now
            long[] oldest = samples.peekFirst();
            return oldest == null || oldest[0] == now ? null : Duration.ofNanos(now - oldest[0]).toMillis();
        }
    }

    private State change(State next) {
        State before = state.getAndSet(next);
        if (before.usable() != next.usable() || !before.state().equals(next.state())) {
            if (next.usable()) {
                log.info("Read replica in use (lag {} ms)", next.lagMillis());
            } else {
                log.warn("Read replica not used, reads go to the primary: {} ({})", next.state(), next.reason());
            }
        }
        return next;
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.length() > 200 ? m.substring(0, 200) : m;
    }

    @Override
    public void close() {
        if (replica instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                log.debug("closing the replica's pool", e);
            }
        }
    }
}

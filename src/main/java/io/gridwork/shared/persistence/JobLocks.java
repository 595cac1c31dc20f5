package io.gridwork.shared.persistence;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The lease rows of jobs that one instance at a time may run ({@code job_lock}, owned by this module): a job is
 * claimed with a conditional update and held until its lease ends or its holder gives it back. Other modules claim
 * their jobs through here rather than writing the table (issue 17: a module writes only its own tables); the row of
 * each job is made by the migration that introduces the job.
 */
public final class JobLocks {

    /** The end of a lease given back: long past, so that the next claim succeeds at once. */
    public static final Instant RELEASED = Instant.parse("2000-01-01T00:00:00Z");

    private JobLocks() {
    }

    /**
     * Claims {@code name} for {@code holder} until {@code until} when its lease has ended at {@code now}, or when
     * {@code holder} holds it already (the lease is then extended). Returns whether {@code holder} holds it now.
     */
    public static boolean claim(JdbcClient jdbc, String name, String holder, Instant now, Instant until) {
        return jdbc.sql("update job_lock set locked_until = ?, locked_by = ? where name = ? and (locked_until <= ? or locked_by = ?)")
                .params(Timestamp.from(until), holder, name, Timestamp.from(now), holder).update() == 1;
    }

    /** Gives {@code name} back if {@code holder} holds it; the next claim by anyone succeeds. */
    public static void release(JdbcClient jdbc, String name, String holder) {
        jdbc.sql("update job_lock set locked_until = ? where name = ? and locked_by = ?")
                .params(Timestamp.from(RELEASED), name, holder).update();
    }
}

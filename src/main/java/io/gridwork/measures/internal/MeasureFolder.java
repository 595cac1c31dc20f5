package io.gridwork.measures.internal;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.gridwork.demand.DemandTimeline;
import io.gridwork.measures.Freshness;

/**
 * Folds the changes of demands into the measure rollup, after the demands' own transactions.
 * <p>
 * <b>Feed.</b> The demand module's timeline ({@link DemandTimeline}): every change that matters commits with a
 * step. The folder keeps a cursor ({@code measure_fold.position}) and reads the steps after it in id order, at
 * most {@code gridwork.measures.batch} at a time; for each demand named it re-reads the demand's current state,
 * computes its contribution ({@link MeasureFact}) and applies the difference to the stored one. Application is
 * therefore by state, not by event: folding a demand twice changes nothing the second time, and the order in
 * which its steps are seen does not matter.
 * <p>
 * <b>Steps that commit out of id order.</b> Step ids are drawn from a sequence when the row is inserted, but
 * become visible when their transaction commits, so the cursor can pass an id whose transaction is still
 * running. Every id the cursor passes without seeing it is recorded as a gap ({@code measure_fold_gap}, ranges
 * of ids with the time they were first missed) and read again by every fold until
 * {@code gridwork.measures.gap-timeout} has passed (ids of rolled-back transactions never appear). A gap's step
 * that shows up is folded like any other; re-reading costs an index range scan per open range.
 * <p>
 * <b>Exactly once.</b> The rollup changes, the facts, the gaps and the new cursor are written in one
 * transaction, which starts by locking the cursor row ({@code select … for update}): a crash before the commit
 * leaves everything as it was, and two folders (instances, or a test and the scheduler) fold one after the
 * other, the second from where the first ended.
 * <p>
 * <b>One instance at a time.</b> Each round is claimed through {@code job_lock('measure-fold')} with a lease, as
 * the event resubmission is; the others skip the round instead of queueing on the cursor lock. The lease is
 * given back after the round, so any instance may take the next one; an instance that dies holding it delays
 * folding by at most the lease.
 * <p>
 * <b>Lag.</b> When a fold finds less than a full batch, every change committed before it started reading is
 * counted: that moment is stored as {@code as_of}, and {@link #freshness()} reports it with the time since.
 */
@Component
public class MeasureFolder {

    static final String NAME = "demand-measures";
    static final String LOCK = "measure-fold";
    private static final Logger log = LoggerFactory.getLogger(MeasureFolder.class);
    /** Ids per {@code in (...)} list. */
    private static final int CHUNK = 1000;

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final TransactionTemplate tx;
    private final DemandTimeline timeline;
    private final int batch;
    private final Duration gapTimeout;
    private final Duration lease;
    private final Clock clock;
    private final String instance;
    /** Since when the scheduled rounds fail (null while they succeed), and when that was last logged. */
    private volatile Instant failingSince;
    private volatile Instant lastWarned = Instant.EPOCH;

    /** What one fold did. */
    public record Batch(int changes, int demands, int changed, boolean caughtUp) {
    }

    private record Gap(long from, long to, Instant seenAt) {
    }

    @Autowired
    MeasureFolder(JdbcClient jdbc, JdbcTemplate jdbcTemplate, TransactionTemplate tx, DemandTimeline timeline,
            @Value("${gridwork.measures.batch:2000}") int batch,
            @Value("${gridwork.measures.gap-timeout:5m}") Duration gapTimeout,
            @Value("${gridwork.measures.lease:10s}") Duration lease) {
        this(jdbc, jdbcTemplate, tx, timeline, batch, gapTimeout, lease, Clock.systemUTC(),
                "instance-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    MeasureFolder(JdbcClient jdbc, JdbcTemplate jdbcTemplate, TransactionTemplate tx, DemandTimeline timeline, int batch,
            Duration gapTimeout, Duration lease, Clock clock, String instance) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.tx = tx;
        this.timeline = timeline;
        this.batch = Math.max(1, batch);
        this.gapTimeout = gapTimeout;
        this.lease = lease;
        this.clock = clock;
        this.instance = instance;
    }

    @Scheduled(initialDelayString = "${gridwork.measures.fold-interval:500ms}", fixedDelayString = "${gridwork.measures.fold-interval:500ms}")
    void scheduled() {
        try {
            round();
            failingSince = null;
        } catch (DataAccessException e) {
            // the database is unreachable (or the fold failed): the next round tries again from the cursor; said
            // once a minute, not twice a second
            Instant now = clock.instant();
            if (failingSince == null || lastWarned.plus(Duration.ofMinutes(1)).isBefore(now)) {
                log.warn("measure fold skipped{}: {}", failingSince == null ? "" : " (failing since " + failingSince + ")",
                        e.getMessage());
                lastWarned = now;
            }
            if (failingSince == null) {
                failingSince = now;
            }
        }
    }

    /**
     * One round: claims it, folds until caught up (or half the lease is used), gives the claim back. Returns
     * whether this instance held the round.
     */
    boolean round() {
        Instant start = clock.instant();
        if (!claim()) {
            return false;
        }
        try {
            Batch b;
            do {
                b = foldBatch();
            } while (!b.caughtUp() && clock.instant().isBefore(start.plus(lease.dividedBy(2))));
        } finally {
            release();
        }
        return true;
    }

    /**
     * Folds everything committed so far, waiting while another instance holds the round (at most
     * {@code timeout}); returns how many changes this call folded. For tests and operators: the scheduler
     * does the same every {@code gridwork.measures.fold-interval}.
     */
    public int catchUp(Duration timeout) {
        Instant end = clock.instant().plus(timeout);
        while (!claim()) {
            if (clock.instant().isAfter(end)) {
                throw new IllegalStateException("another instance holds the measure fold for longer than " + timeout);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the measure fold", e);
            }
        }
        try {
            int folded = 0;
            Batch b;
            do {
                b = foldBatch();
                folded += b.changes();
            } while (!b.caughtUp());
            return folded;
        } finally {
            release();
        }
    }

    /** How current the figures are. */
    public Freshness freshness() {
        Timestamp asOf = jdbc.sql("select as_of from measure_fold where name = ?").param(NAME).query(Timestamp.class).single();
        return Freshness.of(asOf.toInstant(), clock.instant());
    }

    boolean claim() {
        // milliseconds: the column keeps microseconds, a rounded nanosecond would shift the lease's end
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return io.gridwork.shared.persistence.JobLocks.claim(jdbc, LOCK, instance, now, now.plus(lease));
    }

    void release() {
        io.gridwork.shared.persistence.JobLocks.release(jdbc, LOCK, instance);
    }

    /**
     * One batch in one transaction (joining the caller's, if any), under the cursor's row lock; without the
     * round's claim, so callers other than {@link #round()} and {@link #catchUp} only wait for the lock.
     */
    Batch foldBatch() {
        return tx.execute(s -> fold());
    }

    private Batch fold() {
        long position = jdbc.sql("select position from measure_fold where name = ? for update").param(NAME).query(Long.class).single();
        Instant t0 = clock.instant();
        List<DemandTimeline.Change> changes = timeline.after(position, batch);

        Set<Long> demands = new TreeSet<>();
        List<Gap> gaps = jdbc.sql("select from_id, to_id, seen_at from measure_fold_gap order by from_id")
                .query((rs, i) -> new Gap(rs.getLong(1), rs.getLong(2), rs.getTimestamp(3).toInstant())).list();
        List<Gap> open = new ArrayList<>();
        boolean gapsChanged = false;
        Instant expired = t0.minus(gapTimeout);
        for (Gap g : gaps) {
            List<DemandTimeline.Change> late = timeline.within(g.from(), g.to(), batch);
            List<Gap> rest = new ArrayList<>();
            long next = g.from();
            for (DemandTimeline.Change c : late) {
                demands.add(c.demandId());
                if (c.id() > next) {
                    rest.add(new Gap(next, c.id() - 1, g.seenAt()));
                }
                next = c.id() + 1;
            }
            if (next <= g.to()) {
                rest.add(new Gap(next, g.to(), g.seenAt()));
            }
            if (g.seenAt().isBefore(expired)) {
                log.debug("measure fold: step ids {}..{} not seen for {}, given up", g.from(), g.to(), gapTimeout);
                rest.clear();
            }
            if (!late.isEmpty() || rest.size() != 1) {
                gapsChanged = true;
            }
            open.addAll(rest);
        }
        long next = position + 1;
        for (DemandTimeline.Change c : changes) {
            if (c.id() > next) {
                open.add(new Gap(next, c.id() - 1, t0));
                gapsChanged = true;
            }
            demands.add(c.demandId());
            next = c.id() + 1;
        }
        List<Long> refolds = jdbc.sql("select demand_id from measure_refold order by demand_id limit ?").param(batch)
                .query(Long.class).list();
        demands.addAll(refolds);

        int changed = apply(demands, t0);

        if (!refolds.isEmpty()) {
            jdbcTemplate.batchUpdate("delete from measure_refold where demand_id = ?", refolds.stream().map(id -> new Object[] {id}).toList());
        }
        if (gapsChanged) {
            jdbc.sql("delete from measure_fold_gap").update();
            jdbcTemplate.batchUpdate("insert into measure_fold_gap (from_id, to_id, seen_at) values (?, ?, ?)",
                    open.stream().map(g -> new Object[] {g.from(), g.to(), Timestamp.from(g.seenAt())}).toList());
        }
        boolean caughtUp = changes.size() < batch && refolds.size() < batch;
        if (caughtUp) {
            jdbc.sql("update measure_fold set position = ?, as_of = ?, folded_at = ?, folded = folded + ? where name = ?")
                    .params(next - 1, Timestamp.from(t0), Timestamp.from(clock.instant()), changes.size(), NAME).update();
        } else {
            jdbc.sql("update measure_fold set position = ?, folded_at = ?, folded = folded + ? where name = ?")
                    .params(next - 1, Timestamp.from(clock.instant()), changes.size(), NAME).update();
        }
        return new Batch(changes.size(), demands.size(), changed, caughtUp);
    }

    /** Brings the demands' stored contributions to their current state; returns how many changed. */
    private int apply(Set<Long> ids, Instant now) {
        if (ids.isEmpty()) {
            return 0;
        }
        Map<Long, DemandTimeline.Snapshot> states = new HashMap<>();
        timeline.snapshots(ids).forEach(s -> states.put(s.demandId(), s));
        Map<Long, MeasureFact> stored = storedFacts(ids);
        Map<MeasureFact.RowKey, int[]> deltas = new TreeMap<>();
        Map<MeasureFact.StateKey, Integer> stateDeltas = new TreeMap<>();
        Map<MeasureFact.OpenKey, Integer> openDeltas = new TreeMap<>();
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> deletes = new ArrayList<>();
        for (long id : ids) {
            MeasureFact old = stored.get(id);
            DemandTimeline.Snapshot state = states.get(id);
            MeasureFact fresh = state == null ? null : MeasureFact.of(state, now);
            if (Objects.equals(old, fresh)) {
                continue;
            }
            if (old != null) {
                old.addTo(deltas, -1);
                old.addStateTo(stateDeltas, -1);
                old.addOpenTo(openDeltas, -1);
            }
            if (fresh == null) {
                deletes.add(new Object[] {id});
                continue;
            }
            fresh.addTo(deltas, 1);
            fresh.addStateTo(stateDeltas, 1);
            fresh.addOpenTo(openDeltas, 1);
            (old == null ? inserts : updates).add(new Object[] {fresh.gridId(), fresh.gridPath(), fresh.category(),
                String.join(",", fresh.parties()), date(fresh.foundDay()), fresh.rectified(), date(fresh.respondDay()),
                fresh.respondOnTime(), date(fresh.resolveDay()), fresh.resolveOnTime(), date(fresh.ratingDay()), fresh.satisfied(),
                date(fresh.submittedDay()), fresh.status(), fresh.buildingId(), fresh.colour(), id});
        }
        applyToRollup(deltas);
        applyToStates(stateDeltas);
        applyToOpen(openDeltas);
        if (!inserts.isEmpty()) {
            jdbcTemplate.batchUpdate("""
                    insert into demand_measure_fact (grid_id, grid_path, category_code, parties, found_day, rectified, respond_day,
                           respond_on_time, resolve_day, resolve_on_time, rating_day, satisfied, submitted_day, status, building_id,
                           colour, demand_id)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", inserts);
        }
        if (!updates.isEmpty()) {
            jdbcTemplate.batchUpdate("""
                    update demand_measure_fact set grid_id = ?, grid_path = ?, category_code = ?, parties = ?, found_day = ?,
                           rectified = ?, respond_day = ?, respond_on_time = ?, resolve_day = ?, resolve_on_time = ?, rating_day = ?,
                           satisfied = ?, submitted_day = ?, status = ?, building_id = ?, colour = ?
                     where demand_id = ?""", updates);
        }
        if (!deletes.isEmpty()) {
            jdbcTemplate.batchUpdate("delete from demand_measure_fact where demand_id = ?", deletes);
        }
        return inserts.size() + updates.size() + deletes.size();
    }

    /**
     * Adds the changes to the daily rows (created when missing), in key order, and their sums over the categories under
     * party {@code *} to the daily totals ({@code demand_measure_total}).
     */
    private void applyToRollup(Map<MeasureFact.RowKey, int[]> deltas) {
        Map<MeasureFact.TotalKey, int[]> totals = new TreeMap<>();
        deltas.forEach((k, v) -> {
            if (k.party().equals(MeasureFact.ALL_PARTIES)) {
                int[] sum = totals.computeIfAbsent(new MeasureFact.TotalKey(k.gridId(), k.day()), t -> new int[MeasureFact.COUNTERS]);
                for (int i = 0; i < MeasureFact.COUNTERS; i++) {
                    sum[i] += v[i];
                }
            }
        });
        addCounters("demand_measure_daily", List.of("stat_day", "grid_id", "category_code", "party"), deltas,
                k -> new Object[] {Date.valueOf(k.day()), k.gridId(), k.category(), k.party()});
        addCounters("demand_measure_total", List.of("grid_id", "stat_day"), totals,
                k -> new Object[] {k.gridId(), Date.valueOf(k.day())});
    }

    /** Adds each key's counters to its row of {@code table} (created when a counter grows), in the map's order. */
    private <K> void addCounters(String table, List<String> keyColumns, Map<K, int[]> deltas, Function<K, Object[]> keyValues) {
        List<Object[]> creates = new ArrayList<>();
        List<Object[]> adds = new ArrayList<>();
        deltas.forEach((k, v) -> {
            if (Arrays.stream(v).allMatch(x -> x == 0)) {
                return;
            }
            Object[] key = keyValues.apply(k);
            if (Arrays.stream(v).anyMatch(x -> x > 0)) {
                creates.add(key); // a row only taken from already exists
            }
            Object[] row = new Object[MeasureFact.COUNTERS + key.length];
            for (int i = 0; i < MeasureFact.COUNTERS; i++) {
                row[i] = v[i];
            }
            System.arraycopy(key, 0, row, MeasureFact.COUNTERS, key.length);
            adds.add(row);
        });
        if (!creates.isEmpty()) {
            jdbcTemplate.batchUpdate("insert into " + table + " (" + String.join(", ", keyColumns) + ") values ("
                    + String.join(", ", java.util.Collections.nCopies(keyColumns.size(), "?")) + ") on conflict do nothing", creates);
        }
        if (!adds.isEmpty()) {
            jdbcTemplate.batchUpdate("update " + table + " set found = found + ?, rectified = rectified + ?, respond_due = respond_due + ?,"
                    + " respond_on_time = respond_on_time + ?, resolve_due = resolve_due + ?, resolve_on_time = resolve_on_time + ?,"
                    + " ratings = ratings + ?, satisfied = satisfied + ? where "
                    + String.join(" and ", keyColumns.stream().map(c -> c + " = ?").toList()), adds);
        }
    }

    /** Moves the state counts (rows created when missing), in key order. */
    private void applyToStates(Map<MeasureFact.StateKey, Integer> deltas) {
        List<Object[]> creates = new ArrayList<>();
        List<Object[]> adds = new ArrayList<>();
        deltas.forEach((k, v) -> {
            if (v == 0) {
                return;
            }
            if (v > 0) {
                creates.add(new Object[] {k.gridId(), Date.valueOf(k.day()), k.status()});
            }
            adds.add(new Object[] {v, k.gridId(), Date.valueOf(k.day()), k.status()});
        });
        if (!creates.isEmpty()) {
            jdbcTemplate.batchUpdate("insert into demand_state_daily (grid_id, stat_day, status) values (?, ?, ?) on conflict do nothing",
                    creates);
        }
        if (!adds.isEmpty()) {
            jdbcTemplate.batchUpdate("update demand_state_daily set demands = demands + ? where grid_id = ? and stat_day = ? and status = ?",
                    adds);
        }
    }

    /**
     * Moves the open demands' counts (rows created when missing, rows back at zero removed, so the table holds as many
     * rows as there are open demands at most), in key order.
     */
    private void applyToOpen(Map<MeasureFact.OpenKey, Integer> deltas) {
        List<Object[]> creates = new ArrayList<>();
        List<Object[]> adds = new ArrayList<>();
        List<Object[]> emptied = new ArrayList<>();
        deltas.forEach((k, v) -> {
            if (v == 0) {
                return;
            }
            Object[] key = {k.gridId(), k.category(), k.status(), k.colour(), k.buildingId()};
            if (v > 0) {
                creates.add(key);
            } else {
                emptied.add(key);
            }
            Object[] row = new Object[6];
            row[0] = v;
            System.arraycopy(key, 0, row, 1, 5);
            adds.add(row);
        });
        if (!creates.isEmpty()) {
            jdbcTemplate.batchUpdate("insert into demand_open_count (grid_id, category_code, status, colour, building_id) values (?, ?, ?, ?, ?)"
                    + " on conflict do nothing", creates);
        }
        if (!adds.isEmpty()) {
            jdbcTemplate.batchUpdate("""
                    update demand_open_count set demands = demands + ?
                     where grid_id = ? and category_code = ? and status = ? and colour = ? and building_id = ?""", adds);
        }
        if (!emptied.isEmpty()) {
            jdbcTemplate.batchUpdate("""
                    delete from demand_open_count
                     where grid_id = ? and category_code = ? and status = ? and colour = ? and building_id = ? and demands = 0""",
                    emptied);
        }
    }

    private Map<Long, MeasureFact> storedFacts(Set<Long> ids) {
        Map<Long, MeasureFact> facts = new HashMap<>();
        List<Long> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += CHUNK) {
            jdbc.sql("""
                    select demand_id, grid_path, category_code, parties, found_day, rectified, respond_day, respond_on_time,
                           resolve_day, resolve_on_time, rating_day, satisfied, submitted_day, status, building_id, colour
                      from demand_measure_fact where demand_id = any(:ids)""")
                    // one array: an IN list was planned anew for each length (issue 17)
                    .param("ids", all.subList(from, Math.min(all.size(), from + CHUNK)).toArray(Long[]::new))
                    .query(rs -> {
                        facts.put(rs.getLong("demand_id"), new MeasureFact(rs.getString("grid_path"), rs.getString("category_code"),
                                new TreeSet<>(List.of(rs.getString("parties").split(","))), localDate(rs, "found_day"),
                                rs.getBoolean("rectified"), localDate(rs, "respond_day"), rs.getBoolean("respond_on_time"),
                                localDate(rs, "resolve_day"), rs.getBoolean("resolve_on_time"), localDate(rs, "rating_day"),
                                rs.getBoolean("satisfied"), localDate(rs, "submitted_day"), rs.getString("status"),
                                rs.getObject("building_id", Long.class), rs.getString("colour")));
                    });
        }
        return facts;
    }

    private static LocalDate localDate(ResultSet rs, String column) throws SQLException {
        Date d = rs.getDate(column);
        return d == null ? null : d.toLocalDate();
    }

    private static Date date(LocalDate d) {
        return d == null ? null : Date.valueOf(d);
    }
}

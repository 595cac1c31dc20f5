package io.gridwork.demand.internal;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps {@code demand_measure_daily} current. A demand's contribution is a pure function of its state
 * (and of whether its limits have passed); when a demand changes, the difference between its stored
 * and its new contribution is queued in the same transaction and folded into the rollup within about a
 * second, so dashboards never scan demands and busy counters never serialise intake.
 *
 * <ul>
 * <li>found / rectified (整改率): a demand not rejected is a problem found on the day it was submitted;
 * it is rectified once resolved.</li>
 * <li>respond (4-hour response rate): counted on the day its response limit falls, once it was answered
 * or the limit passed; on time when answered by then.</li>
 * <li>resolve (按时办结率): likewise for the resolution limit.</li>
 * <li>ratings / satisfied (满意率): on the day of rating; 4 or 5 stars are satisfied.</li>
 * </ul>
 */
@Component
public class MeasureRollup {

    static final String ALL_PARTIES = "*";

    private final JdbcClient jdbc;
    private final org.springframework.jdbc.core.JdbcTemplate jdbcTemplate;
    private final org.springframework.transaction.support.TransactionTemplate tx;

    MeasureRollup(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate jdbcTemplate,
            org.springframework.transaction.support.TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.tx = tx;
    }

    /** One demand's contribution. */
    record Fact(long gridId, String category, Set<String> parties, LocalDate foundDay, boolean rectified, LocalDate respondDay,
            boolean respondOnTime, LocalDate resolveDay, boolean resolveOnTime, LocalDate ratingDay, boolean satisfied) {
    }

    private record Key(LocalDate day, long gridId, String category, String party, String counter) {
    }

    /** Refreshes the demand's contribution before the current transaction commits (or now, without one). */
    public void touch(long demandId) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            refresh(demandId);
            return;
        }
        @SuppressWarnings("unchecked")
        Set<Long> pending = (Set<Long>) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            Set<Long> ids = new LinkedHashSet<>();
            TransactionSynchronizationManager.bindResource(this, ids);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    ids.forEach(MeasureRollup.this::refresh);
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(MeasureRollup.this);
                }
            });
            pending = ids;
        }
        pending.add(demandId);
    }

    /** Recomputes one demand's contribution and applies the difference to the rollup. */
    public void refresh(long demandId) {
        Optional<Fact> old = storedFact(demandId);
        Fact fresh = computeFact(demandId, Instant.now());
        if (old.isPresent() && old.get().equals(fresh)) {
            return;
        }
        Map<Key, Integer> delta = new HashMap<>();
        old.ifPresent(f -> contributions(f, ancestors(f.gridId())).forEach(k -> delta.merge(k, -1, Integer::sum)));
        contributions(fresh, ancestors(fresh.gridId())).forEach(k -> delta.merge(k, 1, Integer::sum));
        List<Object[]> rows = new ArrayList<>();
        delta.forEach((k, v) -> {
            if (v != 0) {
                rows.add(new Object[] {Date.valueOf(k.day()), k.gridId(), k.category(), k.party(), k.counter(), v});
            }
        });
        if (!rows.isEmpty()) {
            jdbcTemplate.batchUpdate("insert into demand_measure_delta (stat_day, grid_id, category_code, party, counter, delta) values (?, ?, ?, ?, ?, ?)", rows);
        }
        storeFact(demandId, fresh, old.isPresent());
    }

    /**
     * Folds queued changes into the daily rollup; returns how many were folded. A change counts only
     * for the drain whose delete removed it, so instances (or a test and the scheduler) never fold the
     * same change twice; ids are deleted in ascending order, so concurrent drains cannot deadlock.
     */
    @Scheduled(fixedDelayString = "${gridwork.demand.measure-drain-ms:1000}")
    public int drain() {
        Integer folded = tx.execute(status -> {
            List<Object[]> batch = jdbc.sql("select id, stat_day, grid_id, category_code, party, counter, delta from demand_measure_delta"
                    + " order by id limit 5000")
                    .query((rs, i) -> new Object[] {rs.getLong(1), rs.getDate(2).toLocalDate(), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getInt(7)})
                    .list();
            if (batch.isEmpty()) {
                return 0;
            }
            int[] deleted = jdbcTemplate.batchUpdate("delete from demand_measure_delta where id = ?",
                    batch.stream().map(r -> new Object[] {r[0]}).toList());
            Map<Key, Integer> sums = new java.util.TreeMap<>(java.util.Comparator.comparing(Key::day)
                    .thenComparing(Key::gridId).thenComparing(Key::category).thenComparing(Key::party).thenComparing(Key::counter));
            int mine = 0;
            for (int i = 0; i < batch.size(); i++) {
                if (deleted[i] == 0) {
                    continue; // another drain took this change
                }
                Object[] r = batch.get(i);
                sums.merge(new Key((LocalDate) r[1], (Long) r[2], (String) r[3], (String) r[4], (String) r[5]), (Integer) r[6], Integer::sum);
                mine++;
            }
            // keys in a fixed order, so that concurrent drains cannot deadlock on rollup rows
            sums.forEach((k, v) -> {
                if (v != 0) {
                    apply(k, v);
                }
            });
            return mine;
        });
        return folded == null ? 0 : folded;
    }

    Fact computeFact(long demandId, Instant now) {
        Demand d = jdbc.sql("select * from demand where id = ?").param(demandId).query(DemandRepository::map).single();
        Set<String> parties = new TreeSet<>(jdbc.sql(
                "select distinct party from demand_assignment where demand_id = ? and status <> 'WITHDRAWN'")
                .param(demandId).query(String.class).list());
        parties.add(ALL_PARTIES);
        boolean rejected = d.status == io.gridwork.demand.DemandStatus.REJECTED;
        long grid = d.microGridId != null ? d.microGridId : d.compoundId != null ? d.compoundId : d.communityId;
        LocalDate found = rejected ? null : day(d.submittedAt);
        boolean rectified = !rejected && d.resolvedAt != null;
        LocalDate respondDay = null;
        boolean respondOnTime = false;
        if (d.respondDueAt != null && (d.respondedAt != null || !d.respondDueAt.isAfter(now))) {
            respondDay = day(d.respondDueAt);
            respondOnTime = d.respondedAt != null && !d.respondedAt.isAfter(d.respondDueAt);
        }
        LocalDate resolveDay = null;
        boolean resolveOnTime = false;
        if (!rejected && d.resolveDueAt != null && (d.resolvedAt != null || !d.resolveDueAt.isAfter(now))) {
            resolveDay = day(d.resolveDueAt);
            resolveOnTime = d.resolvedAt != null && !d.resolvedAt.isAfter(d.resolveDueAt);
        }
        LocalDate ratingDay = d.rating == null ? null : day(d.ratedAt);
        return new Fact(grid, d.categoryCode, parties, found, rectified, respondDay, respondOnTime, resolveDay, resolveOnTime,
                ratingDay, d.rating != null && d.rating >= 4);
    }

    private static LocalDate day(Instant i) {
        return i == null ? null : i.atZone(BusinessClock.ZONE).toLocalDate();
    }

    /** A grid and all grids above it: the rollup keeps a row for each, so any level is one index range. */
    private final io.gridwork.shared.TtlCache<Long, List<Long>> ancestorCache =
            new io.gridwork.shared.TtlCache<>(java.time.Duration.ofMinutes(10), 200_000);

    List<Long> ancestors(long gridId) {
        return ancestorCache.get(gridId, id -> {
            String path = jdbc.sql("select path from grid_node where id = ?").param(id).query(String.class).single();
            List<Long> ids = new ArrayList<>();
            for (String part : path.split("/")) {
                if (!part.isEmpty()) {
                    ids.add(Long.parseLong(part));
                }
            }
            return ids;
        });
    }

    private static List<Key> contributions(Fact f, List<Long> grids) {
        List<Key> keys = new ArrayList<>();
        for (long grid : grids) {
            keys.addAll(contributionsAt(f, grid));
        }
        return keys;
    }

    private static List<Key> contributionsAt(Fact f, long grid) {
        List<Key> keys = new ArrayList<>();
        for (String p : f.parties()) {
            add(keys, f, grid, p, f.foundDay(), "found", true);
            add(keys, f, grid, p, f.foundDay(), "rectified", f.rectified());
            add(keys, f, grid, p, f.respondDay(), "respond_due", true);
            add(keys, f, grid, p, f.respondDay(), "respond_on_time", f.respondOnTime());
            add(keys, f, grid, p, f.resolveDay(), "resolve_due", true);
            add(keys, f, grid, p, f.resolveDay(), "resolve_on_time", f.resolveOnTime());
            add(keys, f, grid, p, f.ratingDay(), "ratings", true);
            add(keys, f, grid, p, f.ratingDay(), "satisfied", f.satisfied());
        }
        return keys;
    }

    private static void add(List<Key> keys, Fact f, long grid, String party, LocalDate day, String counter, boolean counts) {
        if (day != null && counts) {
            keys.add(new Key(day, grid, f.category(), party, counter));
        }
    }

    private void apply(Key k, int delta) {
        // insert-if-absent, then an atomic increment: safe with several instances, same SQL on H2 and PostgreSQL
        jdbc.sql("insert into demand_measure_daily (stat_day, grid_id, category_code, party) values (?, ?, ?, ?) on conflict do nothing")
                .params(Date.valueOf(k.day()), k.gridId(), k.category(), k.party()).update();
        jdbc.sql("update demand_measure_daily set " + k.counter() + " = " + k.counter() + " + ? where stat_day = ? and grid_id = ? and category_code = ? and party = ?")
                .params(delta, Date.valueOf(k.day()), k.gridId(), k.category(), k.party()).update();
    }

    private Optional<Fact> storedFact(long demandId) {
        return jdbc.sql("select * from demand_measure_fact where demand_id = ?").param(demandId).query((rs, i) -> new Fact(
                rs.getLong("grid_id"), rs.getString("category_code"), new TreeSet<>(List.of(rs.getString("parties").split(","))),
                localDate(rs.getDate("found_day")), rs.getBoolean("rectified"), localDate(rs.getDate("respond_day")),
                rs.getBoolean("respond_on_time"), localDate(rs.getDate("resolve_day")), rs.getBoolean("resolve_on_time"),
                localDate(rs.getDate("rating_day")), rs.getBoolean("satisfied"))).optional();
    }

    private void storeFact(long demandId, Fact f, boolean exists) {
        Object[] values = {f.gridId(), f.category(), String.join(",", f.parties()), sqlDate(f.foundDay()), f.rectified(),
            sqlDate(f.respondDay()), f.respondOnTime(), sqlDate(f.resolveDay()), f.resolveOnTime(), sqlDate(f.ratingDay()),
            f.satisfied(), demandId};
        if (exists) {
            jdbc.sql("""
                    update demand_measure_fact set grid_id = ?, category_code = ?, parties = ?, found_day = ?, rectified = ?,
                           respond_day = ?, respond_on_time = ?, resolve_day = ?, resolve_on_time = ?, rating_day = ?, satisfied = ?
                     where demand_id = ?""").params(values).update();
        } else {
            jdbc.sql("""
                    insert into demand_measure_fact (grid_id, category_code, parties, found_day, rectified, respond_day,
                           respond_on_time, resolve_day, resolve_on_time, rating_day, satisfied, demand_id)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""").params(values).update();
        }
    }

    private static LocalDate localDate(Date d) {
        return d == null ? null : d.toLocalDate();
    }

    private static Date sqlDate(LocalDate d) {
        return d == null ? null : Date.valueOf(d);
    }
}

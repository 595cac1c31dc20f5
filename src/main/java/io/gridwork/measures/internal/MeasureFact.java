package io.gridwork.measures.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

import io.gridwork.demand.DemandStatus;
import io.gridwork.demand.DemandTimeline;
import io.gridwork.demand.Party;

/**
 * One demand's contribution to the rollup, a pure function of its state (and of whether its limits have
 * passed at {@code now}); stored per demand in {@code demand_measure_fact}, so a change is folded as the
 * difference between the stored and the new contribution.
 *
 * <ul>
 * <li>received / resolved (the resolution rate, columns {@code found} / {@code rectified}): a demand not rejected
 * is received on the day it was submitted; it is resolved once resolved. Not 整改率, which the rectification list
 * counts over its own items.</li>
 * <li>respond (4-hour response rate): counted on the day its response limit falls, once it was answered
 * or the limit passed; on time when answered by then.</li>
 * <li>resolve (按时办结率): likewise for the resolution limit.</li>
 * <li>ratings / satisfied (满意率): on the day of rating; 4 or 5 stars are satisfied.</li>
 * <li>state (the dashboards' demands by state, {@code demand_state_daily}): every demand, rejected ones too, on the day
 * it was submitted, under its state now.</li>
 * <li>open (the open demands now, {@code demand_open_count}): a demand in a state that still needs someone to act,
 * under its state, category, building (0 without one) and the colour of its running limit at the fold. A demand's
 * colour changes with a step of its own (the deadline that fired), so it is folded again when it turns yellow or red.</li>
 * </ul>
 * A demand counts at the grid it lies in and at every grid above it ({@code gridPath}), once under the party
 * {@code *} and once under each responsible party.
 */
record MeasureFact(String gridPath, String category, SortedSet<String> parties, LocalDate foundDay, boolean rectified,
        LocalDate respondDay, boolean respondOnTime, LocalDate resolveDay, boolean resolveOnTime, LocalDate ratingDay,
        boolean satisfied, LocalDate submittedDay, String status, Long buildingId, String colour) {

    static final String ALL_PARTIES = "*";
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    static final int FOUND = 0, RECTIFIED = 1, RESPOND_DUE = 2, RESPOND_ON_TIME = 3, RESOLVE_DUE = 4, RESOLVE_ON_TIME = 5,
            RATINGS = 6, SATISFIED = 7, COUNTERS = 8;

    /** A row of the state rollup: day of submission, grid and state. */
    record StateKey(LocalDate day, long gridId, String status) implements Comparable<StateKey> {
        @Override
        public int compareTo(StateKey o) {
            int c = day.compareTo(o.day);
            if (c == 0) {
                c = Long.compare(gridId, o.gridId);
            }
            return c != 0 ? c : status.compareTo(o.status);
        }
    }

    /** A row of the open demands: grid, category, state, colour and building (0 for none). */
    record OpenKey(long gridId, String category, String status, String colour, long buildingId) implements Comparable<OpenKey> {
        @Override
        public int compareTo(OpenKey o) {
            int c = Long.compare(gridId, o.gridId);
            if (c == 0) {
                c = category.compareTo(o.category);
            }
            if (c == 0) {
                c = status.compareTo(o.status);
            }
            if (c == 0) {
                c = colour.compareTo(o.colour);
            }
            return c != 0 ? c : Long.compare(buildingId, o.buildingId);
        }
    }

    /** A rollup row: day, grid, category and party. */
    record RowKey(LocalDate day, long gridId, String category, String party) implements Comparable<RowKey> {
        @Override
        public int compareTo(RowKey o) {
            int c = day.compareTo(o.day);
            if (c == 0) {
                c = Long.compare(gridId, o.gridId);
            }
            if (c == 0) {
                c = category.compareTo(o.category);
            }
            return c != 0 ? c : party.compareTo(o.party);
        }
    }

    /** A row of the daily totals (all categories, party {@code *}): grid and day, in the order of their key. */
    record TotalKey(long gridId, LocalDate day) implements Comparable<TotalKey> {
        @Override
        public int compareTo(TotalKey o) {
            int c = Long.compare(gridId, o.gridId);
            return c != 0 ? c : day.compareTo(o.day);
        }
    }

    static MeasureFact of(DemandTimeline.Snapshot d, Instant now) {
        SortedSet<String> parties = new TreeSet<>();
        parties.add(ALL_PARTIES);
        for (Party p : d.parties()) {
            parties.add(p.name());
        }
        boolean rejected = d.status() == DemandStatus.REJECTED;
        LocalDate found = rejected ? null : day(d.submittedAt());
        boolean rectified = !rejected && d.resolvedAt() != null;
        LocalDate respondDay = null;
        boolean respondOnTime = false;
        if (d.respondDueAt() != null && (d.respondedAt() != null || !d.respondDueAt().isAfter(now))) {
            respondDay = day(d.respondDueAt());
            respondOnTime = d.respondedAt() != null && !d.respondedAt().isAfter(d.respondDueAt());
        }
        LocalDate resolveDay = null;
        boolean resolveOnTime = false;
        if (!rejected && d.resolveDueAt() != null && (d.resolvedAt() != null || !d.resolveDueAt().isAfter(now))) {
            resolveDay = day(d.resolveDueAt());
            resolveOnTime = d.resolvedAt() != null && !d.resolvedAt().isAfter(d.resolveDueAt());
        }
        LocalDate ratingDay = d.rating() == null ? null : day(d.ratedAt());
        return new MeasureFact(d.gridPath(), d.categoryCode(), parties, found, rectified, respondDay, respondOnTime, resolveDay,
                resolveOnTime, ratingDay, d.rating() != null && d.rating() >= 4, day(d.submittedAt()), d.status().name(),
                d.buildingId(), d.status().isOpen() ? d.colourAt(now).name() : null);
    }

    /** The grid the demand lies in: the last id of its path. */
    long gridId() {
        List<Long> grids = grids(gridPath);
        return grids.get(grids.size() - 1);
    }

    /** Adds this contribution, times {@code sign}, to the rollup changes. */
    void addTo(Map<RowKey, int[]> deltas, int sign) {
        for (long grid : grids(gridPath)) {
            for (String party : parties) {
                add(deltas, foundDay, grid, party, FOUND, sign);
                if (rectified) {
                    add(deltas, foundDay, grid, party, RECTIFIED, sign);
                }
                add(deltas, respondDay, grid, party, RESPOND_DUE, sign);
                if (respondOnTime) {
                    add(deltas, respondDay, grid, party, RESPOND_ON_TIME, sign);
                }
                add(deltas, resolveDay, grid, party, RESOLVE_DUE, sign);
                if (resolveOnTime) {
                    add(deltas, resolveDay, grid, party, RESOLVE_ON_TIME, sign);
                }
                add(deltas, ratingDay, grid, party, RATINGS, sign);
                if (satisfied) {
                    add(deltas, ratingDay, grid, party, SATISFIED, sign);
                }
            }
        }
    }

    /** Adds this demand's state, times {@code sign}, to the state rollup's changes (nothing for a fact without one). */
    void addStateTo(Map<StateKey, Integer> deltas, int sign) {
        if (submittedDay == null || status == null) {
            return;
        }
        for (long grid : grids(gridPath)) {
            deltas.merge(new StateKey(submittedDay, grid, status), sign, Integer::sum);
        }
    }

    /** Adds this demand to the open demands' changes, times {@code sign} (nothing unless it was open when folded). */
    void addOpenTo(Map<OpenKey, Integer> deltas, int sign) {
        if (colour == null || status == null) {
            return;
        }
        for (long grid : grids(gridPath)) {
            deltas.merge(new OpenKey(grid, category, status, colour, buildingId == null ? 0 : buildingId), sign, Integer::sum);
        }
    }

    private void add(Map<RowKey, int[]> deltas, LocalDate day, long grid, String party, int counter, int sign) {
        if (day != null) {
            deltas.computeIfAbsent(new RowKey(day, grid, category, party), k -> new int[COUNTERS])[counter] += sign;
        }
    }

    /** The ids of a path ("/1/4/9/"), top down. */
    static List<Long> grids(String path) {
        List<Long> ids = io.gridwork.grid.GridNode.ids(path);
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("not a grid path: " + path);
        }
        return ids;
    }

    static LocalDate day(Instant i) {
        return i == null ? null : i.atZone(ZONE).toLocalDate();
    }
}

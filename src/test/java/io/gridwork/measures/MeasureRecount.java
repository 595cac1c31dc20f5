package io.gridwork.measures;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.demand.Party;
import io.gridwork.grid.GridNode;

/** The measures counted the slow way, from the demands themselves: what the rollup must agree with. */
public final class MeasureRecount {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private MeasureRecount() {
    }

    public record Row(long id, String status, String category, Instant submitted, Instant respondDue, Instant responded,
            Instant resolveDue, Instant resolved, Integer rating, Instant rated, Set<String> parties) {
    }

    /** The demands in a grid's subtree, with their responsible parties (assignments not withdrawn). */
    public static List<Row> rows(JdbcClient jdbc, GridNode grid) {
        Map<Long, Set<String>> parties = new HashMap<>();
        jdbc.sql("""
                select a.demand_id, a.party from demand_assignment a join demand d on d.id = a.demand_id
                 where d.grid_path like ? and a.status <> 'WITHDRAWN'""").param(grid.path() + "%")
                .query(rs -> {
                    parties.computeIfAbsent(rs.getLong(1), k -> new HashSet<>()).add(rs.getString(2));
                });
        return jdbc.sql("""
                select id, status, category_code, submitted_at, respond_due_at, responded_at, resolve_due_at, resolved_at,
                       rating, rated_at from demand where grid_path like ?""").param(grid.path() + "%")
                .query((rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), inst(rs.getTimestamp(4)),
                        inst(rs.getTimestamp(5)), inst(rs.getTimestamp(6)), inst(rs.getTimestamp(7)), inst(rs.getTimestamp(8)),
                        rs.getObject(9, Integer.class), inst(rs.getTimestamp(10)), parties.getOrDefault(rs.getLong(1), Set.of())))
                .list();
    }

    /**
     * The open demands in a grid's subtree counted the slow way, per building (0 for none) and category: every demand
     * read, open unless rejected, resolved, closed or rated; coloured by its running limit at {@code now} (none on hold;
     * the response limit until answered, then the resolution limit; red past it, yellow from its warning time on).
     */
    public static Map<Long, Map<String, MeasuresApi.Open>> open(JdbcClient jdbc, GridNode grid, Instant now) {
        Map<Long, Map<String, MeasuresApi.Open>> out = new HashMap<>();
        jdbc.sql("""
                select coalesce(building_id, 0), category_code, status, respond_yellow_at, respond_due_at, responded_at,
                       resolve_yellow_at, resolve_due_at from demand where grid_path like ?""").param(grid.path() + "%")
                .query(rs -> {
                    String status = rs.getString(3);
                    if (Set.of("REJECTED", "RESOLVED", "CLOSED", "RATED").contains(status)) {
                        return;
                    }
                    boolean answered = rs.getTimestamp(6) != null;
                    Instant yellow = inst(rs.getTimestamp(answered ? 7 : 4));
                    Instant due = inst(rs.getTimestamp(answered ? 8 : 5));
                    boolean held = status.equals("ON_HOLD");
                    boolean red = !held && due != null && now.isAfter(due);
                    boolean amber = !held && !red && due != null && yellow != null && !now.isBefore(yellow);
                    MeasuresApi.Open one = new MeasuresApi.Open(1, status.equals("SUBMITTED") ? 1 : 0, amber ? 1 : 0, red ? 1 : 0);
                    out.computeIfAbsent(rs.getLong(1), k -> new HashMap<>()).merge(rs.getString(2), one, MeasuresApi.Open::plus);
                });
        return out;
    }

    /** The measures of these demands, days {@code from}..{@code to}, as the rollup defines them. */
    public static Measures count(List<Row> rows, LocalDate from, LocalDate to, String category, Party party, GridNode g) {
        Instant now = Instant.now();
        long found = 0, rectified = 0, respondDue = 0, respondOnTime = 0, resolveDue = 0, resolveOnTime = 0, ratings = 0, satisfied = 0;
        for (Row d : rows) {
            if ((category != null && !category.equals(d.category())) || (party != null && !d.parties().contains(party.name()))) {
                continue;
            }
            boolean rejected = d.status().equals("REJECTED");
            if (!rejected && in(d.submitted(), from, to)) {
                found++;
                if (d.resolved() != null) {
                    rectified++;
                }
            }
            if (d.respondDue() != null && (d.responded() != null || !d.respondDue().isAfter(now)) && in(d.respondDue(), from, to)) {
                respondDue++;
                if (d.responded() != null && !d.responded().isAfter(d.respondDue())) {
                    respondOnTime++;
                }
            }
            if (!rejected && d.resolveDue() != null && (d.resolved() != null || !d.resolveDue().isAfter(now))
                    && in(d.resolveDue(), from, to)) {
                resolveDue++;
                if (d.resolved() != null && !d.resolved().isAfter(d.resolveDue())) {
                    resolveOnTime++;
                }
            }
            if (d.rating() != null && in(d.rated(), from, to)) {
                ratings++;
                if (d.rating() >= 4) {
                    satisfied++;
                }
            }
        }
        return new Measures(g.id(), g.name(), found, rectified, respondDue, respondOnTime, resolveDue, resolveOnTime, ratings, satisfied);
    }

    /** These demands submitted on days {@code from}..{@code to} by their state, as the state rollup defines them. */
    public static Map<io.gridwork.demand.DemandStatus, Long> states(List<Row> rows, LocalDate from, LocalDate to) {
        Map<io.gridwork.demand.DemandStatus, Long> out = new java.util.EnumMap<>(io.gridwork.demand.DemandStatus.class);
        rows.stream().filter(d -> in(d.submitted(), from, to))
                .forEach(d -> out.merge(io.gridwork.demand.DemandStatus.valueOf(d.status()), 1L, Long::sum));
        return out;
    }

    private static boolean in(Instant i, LocalDate from, LocalDate to) {
        LocalDate day = i.atZone(SHANGHAI).toLocalDate();
        return !day.isBefore(from) && !day.isAfter(to);
    }

    private static Instant inst(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** The categories and parties random demands take. */
    public static final List<String> CATEGORIES = List.of("WATER_LEAK", "NOISE", "DOGS");
    public static final List<Party> PARTIES = List.of(Party.PROPERTY, Party.OWNERS_COMMITTEE, Party.POLICE);

    /**
     * Puts a demand into a random state with random times in the last 30 days, as if its life had happened, behind the
     * demand module's back (and adds a step, as the module records every change with one).
     */
    public static void randomise(JdbcClient jdbc, io.gridwork.demand.internal.DemandService service, long id, java.util.Random r) {
        Instant now = Instant.now();
        int minutesAgo = r.nextInt(30 * 24 * 60);
        // no limit may fall due while the test runs (the rollup counts a limit passing when the deadline scan fires it)
        if ((minutesAgo >= 4 * 60 - 30 && minutesAgo <= 4 * 60 + 1) || (minutesAgo >= 24 * 60 - 30 && minutesAgo <= 24 * 60 + 1)) {
            minutesAgo += 45;
        }
        Instant submitted = now.minus(minutesAgo, ChronoUnit.MINUTES);
        Instant respondDue = submitted.plus(4, ChronoUnit.HOURS);
        Instant resolveDue = r.nextInt(5) == 0 ? null : submitted.plus(r.nextBoolean() ? 4 : 24, ChronoUnit.HOURS);
        int stage = r.nextInt(6);
        String status = switch (stage) {
            case 0 -> "SUBMITTED";
            case 1 -> r.nextBoolean() ? "REJECTED" : "ACCEPTED";
            case 2 -> "IN_PROGRESS";
            case 3 -> "RESOLVED";
            case 4 -> "CLOSED";
            default -> "RATED";
        };
        Instant responded = stage == 0 ? null : submitted.plus(r.nextInt(8 * 60), ChronoUnit.MINUTES);
        Instant resolved = stage >= 3 ? submitted.plus(r.nextInt(48 * 60), ChronoUnit.MINUTES) : null;
        Integer rating = stage == 5 ? 1 + r.nextInt(5) : null;
        Instant rated = rating == null ? null : resolved.plus(r.nextInt(24 * 60), ChronoUnit.MINUTES);
        jdbc.sql("""
                update demand set status = ?, submitted_at = ?, respond_due_at = ?, responded_at = ?, resolve_due_at = ?,
                       resolved_at = ?, rating = ?, rated_at = ?, category_code = ? where id = ?""")
                .params(status, tsOf(submitted), tsOf(respondDue), tsOf(responded), tsOf(resolveDue), tsOf(resolved), rating, tsOf(rated),
                        CATEGORIES.get(r.nextInt(3)), id)
                .update();
        // the lists' index carries the submission time too (it never changes outside tests)
        jdbc.sql("update demand_reach set submitted_at = ? where demand_id = ?").params(tsOf(submitted), id).update();
        jdbc.sql("delete from demand_assignment where demand_id = ?").param(id).update();
        for (Party p : PARTIES) {
            if (r.nextInt(3) == 0) {
                jdbc.sql("insert into demand_assignment (demand_id, party, status, created_at) values (?, ?, ?, ?)")
                        .params(id, p.name(), r.nextInt(4) == 0 ? "WITHDRAWN" : "OPEN", tsOf(submitted)).update();
            }
        }
        service.noteFromDevice(id, "TEST", "randomised");
    }

    private static Timestamp tsOf(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}

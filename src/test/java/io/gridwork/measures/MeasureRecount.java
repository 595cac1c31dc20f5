package io.gridwork.measures;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
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

    private static boolean in(Instant i, LocalDate from, LocalDate to) {
        LocalDate day = i.atZone(SHANGHAI).toLocalDate();
        return !day.isBefore(from) && !day.isAfter(to);
    }

    private static Instant inst(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}

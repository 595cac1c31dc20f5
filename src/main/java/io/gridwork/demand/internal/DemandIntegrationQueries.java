package io.gridwork.demand.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gridwork.demand.Channel;
import io.gridwork.demand.DemandApi.Digest;
import io.gridwork.demand.DemandApi.DigestPage;
import io.gridwork.demand.DemandApi.DigestQuery;
import io.gridwork.demand.DemandApi.Step;
import io.gridwork.demand.DemandStatus;
import io.gridwork.demand.Party;
import io.gridwork.grid.GridNode;

/** Set-based reads for integrations (Open311): one query for the rows, one for their parties. */
@Component
class DemandIntegrationQueries {

    private static final List<String> CLOSED = List.of("REJECTED", "RESOLVED", "CLOSED", "RATED");
    /** At most this many categories are read as ranges of their own (each a range per state). */
    private static final int MAX_CATEGORY_RANGES = 5;
    private static final List<String> OPEN = java.util.Arrays.stream(io.gridwork.demand.DemandStatus.values())
            .filter(s -> !CLOSED.contains(s.name())).map(Enum::name).toList();

    private final JdbcClient jdbc;
    private final ListCursor cursors;

    DemandIntegrationQueries(JdbcClient jdbc, ListCursor cursors) {
        this.jdbc = jdbc;
        this.cursors = cursors;
    }

    static final String CURSOR_KIND = "digests";

    /** A page of digests after {@code cursor} (null: the first), with the next page's cursor (null on the last). */
    DigestPage digestPage(DigestQuery q, String cursor) {
        return digestPage(q, cursor, DemandQueries.WALK);
    }

    /** {@link #digestPage} walking at most {@code max(walk, 2 × page size)} rows of the grid's index. */
    DigestPage digestPage(DigestQuery q, String cursor, int walk) {
        ListCursor.Key after = cursors.decode(CURSOR_KIND, cursor);
        int limit = Math.max(1, Math.min(q.limit(), 10_000));
        Walked walked = new Walked(walk);
        List<Digest> rows = digests(q, after, limit + 1, walked);
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            Digest last = rows.get(limit - 1);
            next = cursors.encode(CURSOR_KIND, new ListCursor.Key(last.submittedAt(), last.id()));
        } else if (walked.stop != null) {
            next = cursors.encode(CURSOR_KIND, walked.stop);
        }
        return new DigestPage(List.copyOf(rows), next);
    }

    /** Demands under a grid path that have left SUBMITTED other than by rejection. */
    long takenUp(String gridPath) {
        return jdbc.sql("select count(*) from demand where grid_path like ? and status not in ('SUBMITTED', 'REJECTED')")
                .param(gridPath + "%").query(Long.class).single();
    }

    List<Digest> digests(DigestQuery q) {
        return digests(q, null, Math.max(1, Math.min(q.limit(), 10_000)), null);
    }

    /** Where a page's walk of {@code demand_reach} stopped short of a full page (null: it did not). */
    static final class Walked {
        final int limit;
        ListCursor.Key stop;

        Walked(int limit) {
            this.limit = limit;
        }
    }

    /**
     * Newest first, after {@code after}. Under a grid the rows come in order from the grid's range of
     * {@code demand_reach} (V144); for the whole city from {@code demand_time_ix}, or for Open311's public list from
     * the partial index of requests created through Open311 (V145): a page is its first rows, never a sort. The rows'
     * latest steps' times and notes come with them (V197), not from the timeline.
     * <p>
     * A page under a grid ({@code walked} given) reads the grid's range of {@code demand_reach} first, at most
     * {@code max(WALK, 2 × limit)} rows of it in order, and only then the demands of those rows: the plan is those
     * index rows and one probe of {@code demand} each, never a join that the planner would rather serve with a scan of
     * {@code demand} (a page of 1,000 under a street did, issue 19). Where the walk stopped without filling the page
     * (rare categories or status), the page ends there and {@code walked.stop} is where the next one starts.
     */
    private List<Digest> digests(DigestQuery q, ListCursor.Key after, int limit, Walked walked) {
        StringBuilder where = new StringBuilder("d.grid_path like :path");
        Map<String, Object> params = new HashMap<>();
        params.put("path", q.gridPath() + "%");
        boolean byRef = q.refNos() != null && !q.refNos().isEmpty();
        String from = "demand d";
        String at = "d.submitted_at";
        String id = "d.id";
        // a few categories: their open demands, or any of theirs under a street or wider, by the category index (V192;
        // on PostgreSQL with the grid path, V201; below); a burst of other demands at the top of the grid's range is then
        // never walked (issue 16: 186,000 water leaks at one building sat in front of a district's 20 newest dog
        // complaints)
        boolean byCategory = !byRef && q.categoryCodes() != null && !q.categoryCodes().isEmpty()
                && q.categoryCodes().size() <= MAX_CATEGORY_RANGES && (Boolean.TRUE.equals(q.open()) || GridNode.depth(q.gridPath()) <= 2);
        // under a grid, by demand_reach; but the open ones (few) by demand_status_time_ix (issue 19: the open demands of
        // one category under a district walked every demand of the district)
        if (!byRef && !q.gridPath().equals("/") && !Boolean.TRUE.equals(q.open()) && !byCategory) {
            from = "demand_reach k join demand d on d.id = k.demand_id";
            at = "k.submitted_at";
            id = "k.demand_id";
            where.append(" and k.grid_id = :anchor");
            params.put("anchor", DemandListSql.lastId(q.gridPath()));
        }
        if (q.onlyChannel() != null) {
            // a literal (an enum's name), so that PostgreSQL may use the partial index of Open311's requests
            where.append(" and d.channel = '").append(q.onlyChannel().name()).append("'");
        }
        if (q.refNos() != null && !q.refNos().isEmpty()) {
            where.append(" and d.ref_no in (:refs)");
            params.put("refs", List.copyOf(q.refNos()));
        } else {
            if (q.categoryCodes() != null && !q.categoryCodes().isEmpty()) {
                where.append(" and d.category_code in (:cats)");
                params.put("cats", List.copyOf(q.categoryCodes()));
            }
            if (q.from() != null) {
                where.append(" and ").append(at).append(" >= :from");
                params.put("from", Timestamp.from(q.from()));
            }
            if (q.to() != null) {
                where.append(" and ").append(at).append(" <= :to");
                params.put("to", Timestamp.from(q.to()));
            }
            if (Boolean.TRUE.equals(q.open())) {
                where.append(" and d.status in (:open)");
                params.put("open", OPEN);
            } else if (q.open() != null) {
                where.append(" and d.status in (:closed)");
                params.put("closed", CLOSED);
            }
        }
        if (after != null) {
            params.put("kAt", Timestamp.from(after.at()));
            params.put("kId", after.id());
            where.append(" and ").append(at).append(" <= :kAt and (").append(at).append(" < :kAt or ").append(id).append(" < :kId)");
        }
        String columns = """
                select d.id, d.ref_no, d.status, d.category_code, d.description, d.channel, d.community_id, d.grid_path,
                       d.building_id, d.lat, d.lon, d.submitted_at, d.resolve_due_at, d.last_step_at, d.last_note
                 """;
        List<Digest> rows;
        if (walked != null && from.startsWith("demand_reach")) {
            // the walk: the grid's index rows first (in order, bounded), then a probe of demand for each; the conditions
            // on k hold in both (the outer ones are then redundant)
            int walk = Math.max(walked.limit, 2 * limit);
            String reach = "k.grid_id = :anchor" + (q.from() == null ? "" : " and k.submitted_at >= :from")
                    + (q.to() == null ? "" : " and k.submitted_at <= :to")
                    + (after == null ? "" : " and k.submitted_at <= :kAt and (k.submitted_at < :kAt or k.demand_id < :kId)");
            String walkSql = "select k.grid_id, k.submitted_at, k.demand_id from demand_reach k where " + reach
                    + " order by k.submitted_at desc, k.demand_id desc";
            rows = jdbc.sql(columns + " from (" + walkSql + " fetch first " + walk + " rows only) k join demand d on d.id = k.demand_id"
                    + " where " + where + " order by k.submitted_at desc, k.demand_id desc fetch first " + limit + " rows only")
                    .params(params).query(DemandIntegrationQueries::digest).list();
            if (rows.size() < limit) {
                walked.stop = jdbc.sql("select w.submitted_at, w.demand_id from (" + walkSql + " offset " + (walk - 1)
                        + " rows fetch first 1 rows only) w").params(params)
                        .query((rs, i) -> new ListCursor.Key(rs.getTimestamp(1).toInstant(), rs.getLong(2))).optional().orElse(null);
            }
        } else if (byCategory) {
            // one range of the category index (V192, V201) per category and state, newest first, merged
            List<String> states = Boolean.TRUE.equals(q.open()) ? OPEN
                    : Boolean.FALSE.equals(q.open()) ? CLOSED : DemandListSql.EVERY_STATE;
            List<String> parts = new ArrayList<>();
            for (String category : q.categoryCodes()) {
                for (String state : states) {
                    String n = String.valueOf(parts.size());
                    params.put("oc" + n, category);
                    params.put("os" + n, state);
                    parts.add("(" + columns + " from demand d where d.category_code = :oc" + n + " and d.status = :os" + n + " and "
                            + where + " order by d.submitted_at desc, d.id desc fetch first " + limit + " rows only)");
                }
            }
            rows = jdbc.sql("select * from (" + String.join(" union all ", parts) + ") o order by o.submitted_at desc, o.id desc"
                    + " fetch first " + limit + " rows only").params(params).query(DemandIntegrationQueries::digest).list();
        } else {
            rows = jdbc.sql(columns + " from " + from + " where " + where + " order by " + at + " desc, " + id + " desc fetch first "
                    + limit + " rows only").params(params).query(DemandIntegrationQueries::digest).list();
        }
        if (rows.isEmpty()) {
            return rows;
        }
        Map<Long, Set<Party>> parties = new HashMap<>();
        jdbc.sql("select demand_id, party from demand_assignment where demand_id = any(:ids) and status <> 'WITHDRAWN' order by id")
                .param("ids", rows.stream().map(Digest::id).toArray(Long[]::new))
                .query(rs -> {
                    parties.computeIfAbsent(rs.getLong(1), k -> EnumSet.noneOf(Party.class)).add(Party.valueOf(rs.getString(2)));
                });
        List<Digest> out = new ArrayList<>(rows.size());
        for (Digest d : rows) {
            out.add(new Digest(d.id(), d.refNo(), d.status(), d.categoryCode(), d.description(), d.channel(), d.communityId(),
                    d.gridPath(), d.buildingId(), d.lat(), d.lon(), d.submittedAt(), d.updatedAt(), d.resolveDueAt(), d.lastNote(),
                    parties.getOrDefault(d.id(), EnumSet.noneOf(Party.class))));
        }
        return out;
    }

    List<Step> steps(String gridPath, Channel onlyChannel, Instant from, Instant to, int limit) {
        int n = Math.max(1, Math.min(limit, 10_000));
        return jdbc.sql("""
                select e.id, e.demand_id, d.ref_no, e.at, e.action, coalesce(e.to_status, e.from_status, d.status) as status, e.note
                  from demand_event_log e join demand d on d.id = e.demand_id
                 where d.grid_path like :path and e.at >= :from and e.at <= :to
                """ + (onlyChannel == null ? "" : " and d.channel = :channel ") + " order by e.id fetch first " + n + " rows only")
                .param("path", gridPath + "%").param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .params(onlyChannel == null ? Map.of() : Map.of("channel", onlyChannel.name()))
                .query((rs, i) -> new Step(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                        rs.getString(5), DemandStatus.valueOf(rs.getString(6)), rs.getString(7)))
                .list();
    }

    /** A row of the digests' columns, by position (by name, each row looked its fifteen columns up). */
    private static Digest digest(ResultSet rs, int i) throws SQLException {
        Instant submitted = DemandRepository.inst(rs, 12);
        Instant last = DemandRepository.inst(rs, 14);
        double lat = rs.getDouble(10);
        Double latV = rs.wasNull() ? null : lat;
        double lon = rs.getDouble(11);
        Double lonV = rs.wasNull() ? null : lon;
        return new Digest(rs.getLong(1), rs.getString(2), DemandStatus.valueOf(rs.getString(3)), rs.getString(4),
                rs.getString(5), Channel.valueOf(rs.getString(6)), rs.getLong(7), rs.getString(8), rs.getObject(9, Long.class),
                latV, lonV, submitted, last == null ? submitted : last,
                DemandRepository.inst(rs, 13), rs.getString(15), Set.of());
    }
}

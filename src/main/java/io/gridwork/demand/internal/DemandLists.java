package io.gridwork.demand.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gridwork.demand.DemandStatus;
import io.gridwork.demand.DemandView.Colour;
import io.gridwork.demand.Party;
import io.gridwork.demand.internal.DemandListSql.Branch;
import io.gridwork.demand.internal.DemandQueries.Board;
import io.gridwork.demand.internal.DemandQueries.Filter;
import io.gridwork.demand.internal.DemandQueries.Slice;
import io.gridwork.demand.internal.DemandQueries.Summary;
import io.gridwork.shared.security.GridworkUser;

/** Lists of demands: pages by number and by cursor, the supervision board, possible duplicates, a reporter's own. */
@Component
@org.springframework.transaction.annotation.Transactional(readOnly = true) // a read replica may answer (ReplicaRouting)
class DemandLists {

    static final String CURSOR_KIND = "demands";

    private static final String SUMMARY_COLUMNS = """
            select d.id, d.ref_no, d.status, d.grade, d.category_code, d.description, d.location_text, d.building_id,
                   d.unit_id, d.household_id, d.submitted_at, d.respond_yellow_at, d.respond_due_at, d.responded_at,
                   d.resolve_yellow_at, d.resolve_due_at, d.resolved_at, d.escalation_level, d.supervised_count, d.reporter_unverified,
                   c.name as compound_name, b.name as building_name, u.number as unit_number, h.room as room
            """;

    private static final String SUMMARY_JOINS = """
              left join v_grid_building b on b.id = d.building_id
              left join v_grid_node c on c.id = b.compound_id
              left join v_grid_unit u on u.id = d.unit_id
              left join v_grid_household h on h.id = d.household_id
            """;

    private static final String SUMMARY_SELECT = SUMMARY_COLUMNS + " from demand d " + SUMMARY_JOINS;

    /** The rows of a read, newest first, and where a bounded read stopped short of a full page (else null). */
    private record Read(List<Summary> rows, ListCursor.Key resume) {
    }

    /** Keys in list order: older (smaller) first. */
    private static final Comparator<ListCursor.Key> KEY_ORDER = Comparator.comparing(ListCursor.Key::at)
            .thenComparingLong(ListCursor.Key::id);

    private static final Comparator<Summary> NEWEST_FIRST = Comparator
            .comparing(Summary::submittedAt, Comparator.reverseOrder())
            .thenComparing(Summary::id, Comparator.reverseOrder());

    private final JdbcClient jdbc;
    private final DemandListSql sql;
    private final ListCursor cursors;

    DemandLists(JdbcClient jdbc, DemandListSql sql, ListCursor cursors) {
        this.jdbc = jdbc;
        this.sql = sql;
        this.cursors = cursors;
    }

    /** A page holds 1 to 500 lines. */
    private static int pageSize(int size) {
        return Math.max(1, Math.min(size, 500));
    }

    /**
     * Demands the viewer may see, newest first, filtered: the page {@code f.page()} of {@code f.size()} (offsets reach
     * {@link DemandQueries#MAX_OFFSET} rows at most; lists that go further use {@link #slice}).
     */
    List<Summary> list(Filter f, GridworkUser viewer) {
        int size = pageSize(f.size());
        int offset = Math.min(Math.max(0, f.page()) * size, DemandQueries.MAX_OFFSET);
        List<Summary> rows = read(f, viewer, null, offset + size, 0).rows();
        return withParties(new ArrayList<>(rows.subList(Math.min(offset, rows.size()), rows.size())));
    }

    /**
     * A page of the demands the viewer may see, newest first, after {@code cursor} (null: the first page), with the
     * cursor of the next page, walking at most {@code walk} rows of each branch's index ({@link DemandQueries#WALK}).
     * A cursor this list did not issue is a 400 {@code invalid-cursor}.
     */
    Slice slice(Filter f, String cursor, GridworkUser viewer, int walk) {
        ListCursor.Key after = cursors.decode(CURSOR_KIND, cursor);
        int size = pageSize(f.size());
        Read read = read(f, viewer, after, size + 1, Math.max(walk, size + 1));
        List<Summary> rows = read.rows();
        String next = null;
        boolean partial = false;
        if (rows.size() > size) {
            rows = new ArrayList<>(rows.subList(0, size));
            next = cursorAfter(rows.get(size - 1));
        } else if (read.resume() != null) {
            next = cursors.encode(CURSOR_KIND, read.resume());
            partial = true;
        }
        return new Slice(withParties(rows), next, partial);
    }

    /** The cursor of the page after this row (a page by number continues by cursor). */
    String cursorAfter(Summary last) {
        return cursors.encode(CURSOR_KIND, new ListCursor.Key(last.submittedAt(), last.id()));
    }

    /**
     * The first {@code limit} demands (after {@code after}) the viewer may see that pass the filter, newest first:
     * the branches of {@link DemandListSql#scope} each read their first rows in list order, and those pages are
     * merged here (a handful of rows each).
     */
    private Read read(Filter f, GridworkUser viewer, ListCursor.Key after, int limit, int walkLimit) {
        DemandListSql.Scope scope = sql.scope(f, viewer);
        String where = scope.where();
        Map<Long, Summary> merged = new LinkedHashMap<>();
        ListCursor.Key frontier = null;
        for (Branch b : scope.branches()) {
            Map<String, Object> params = new LinkedHashMap<>(scope.params());
            String keyset = "";
            if (after != null) {
                params.put("kAt", Timestamp.from(after.at()));
                params.put("kId", after.id());
                keyset = " and " + b.at() + " <= :kAt and (" + b.at() + " < :kAt or " + b.id() + " < :kId)";
            }
            String order = " order by " + b.at() + " desc, " + b.id() + " desc";
            if (walkLimit <= 0 || b.walkFrom() == null) {
                jdbc.sql(SUMMARY_COLUMNS + " from " + b.from() + SUMMARY_JOINS + " where " + b.condition()
                        + DemandListSql.reachTime(b, f) + " and " + where + keyset + order + " fetch first " + limit + " rows only")
                        .params(params).query(DemandLists::summary).list().forEach(s -> merged.putIfAbsent(s.id(), s));
                continue;
            }
            // the walk: at most walkLimit rows of the branch's index in list order (the submission time bounds too), then
            // the demands among them that pass every condition
            String time = f.measure() != null ? "" : DemandListSql.period(b.at(), f);
            String walk = "select " + b.at() + " as w_at, " + b.id() + " as w_id from " + b.walkFrom() + " where " + b.condition()
                    + time + keyset + order;
            List<Summary> found = jdbc.sql(SUMMARY_COLUMNS + " from (" + walk + " fetch first " + walkLimit + " rows only) w"
                    + " join demand d on d.id = w.w_id" + SUMMARY_JOINS + " where " + where
                    + " order by w.w_at desc, w.w_id desc fetch first " + limit + " rows only")
                    .params(params).query(DemandLists::summary).list();
            found.forEach(s -> merged.putIfAbsent(s.id(), s));
            if (found.size() < limit) {
                // did the walk stop at its bound? then its last row is as far as this branch has looked
                ListCursor.Key stop = jdbc.sql("select w_at, w_id from (" + walk + " offset " + (walkLimit - 1)
                        + " rows fetch first 1 rows only) w").params(params)
                        .query((rs, i) -> new ListCursor.Key(DemandRepository.inst(rs, "w_at"), rs.getLong("w_id")))
                        .optional().orElse(null);
                if (stop != null && (frontier == null || KEY_ORDER.compare(stop, frontier) > 0)) {
                    frontier = stop;
                }
            }
        }
        List<Summary> rows = new ArrayList<>(merged.values());
        rows.sort(NEWEST_FIRST);
        if (frontier != null) {
            // below the newest place where a walk stopped, that branch has not looked: those rows come on the next page
            ListCursor.Key stop = frontier;
            rows.removeIf(r -> KEY_ORDER.compare(new ListCursor.Key(r.submittedAt(), r.id()), stop) < 0);
        }
        if (rows.size() >= limit) {
            return new Read(new ArrayList<>(rows.subList(0, limit)), null);
        }
        return new Read(rows, frontier);
    }

    /** The id of a demand by its reference number, if the viewer may see it. */
    Optional<Long> idOfRef(String refNo, GridworkUser viewer) {
        if (refNo == null || refNo.isBlank()) {
            return Optional.empty();
        }
        return list(new Filter(null, null, null, null, null, null, null, refNo, 0, 1), viewer).stream().map(Summary::id).findFirst();
    }

    /** Yellow and red demands in the viewer's scope, grouped by each open party (GRID when none yet). */
    Board board(GridworkUser viewer) {
        List<Summary> hot = new ArrayList<>();
        hot.addAll(list(new Filter(null, null, null, Colour.RED, null, null, null, null, 0, 500), viewer));
        hot.addAll(list(new Filter(null, null, null, Colour.YELLOW, null, null, null, null, 0, 500), viewer));
        Map<Party, List<Summary>> byParty = new LinkedHashMap<>();
        for (Summary s : hot) {
            List<Party> parties = s.openParties().isEmpty() ? List.of(Party.GRID) : s.openParties();
            for (Party p : parties) {
                byParty.computeIfAbsent(p, k -> new ArrayList<>()).add(s);
            }
        }
        int red = (int) hot.stream().filter(s -> s.colour() == Colour.RED).count();
        return new Board(byParty, hot.size() - red, red);
    }

    /** Open demands of the same category at the same building, or within ~100 m, other than {@code exceptId}. */
    List<Summary> possibleDuplicates(String categoryCode, Long buildingId, Double lat, Double lon, Long exceptId,
            GridworkUser viewer) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("cat", categoryCode);
        params.put("except", exceptId == null ? -1L : exceptId);
        params.put("open", DemandListSql.openStatusNames());
        String near;
        if (buildingId != null) {
            params.put("building", buildingId);
            near = "d.building_id = :building";
        } else if (lat != null && lon != null) {
            params.put("lat", lat);
            params.put("lon", lon);
            near = "abs(d.lat - :lat) < 0.001 and abs(d.lon - :lon) < 0.001";
        } else {
            return List.of();
        }
        boolean staff = DemandService.isGridStaff(viewer);
        String visible = staff ? " and " + sql.visibility(viewer, params) : "";
        List<Summary> rows = jdbc.sql(SUMMARY_SELECT + " where d.category_code = :cat and d.id <> :except and d.status in (:open) and "
                + near + visible + " order by d.submitted_at desc limit 20").params(params).query(DemandLists::summary).list();
        withParties(rows);
        if (staff) {
            return rows;
        }
        // Other residents' words stay private: a resident sees that a report exists, not what it says.
        return rows.stream().map(r -> new Summary(r.id(), r.refNo(), r.status(), r.grade(), r.categoryCode(), null, r.place(),
                r.submittedAt(), r.dueAt(), r.colour(), r.escalationLevel(), r.supervisedCount(), r.openParties(),
                r.reporterUnverified())).toList();
    }

    /** Demands the viewer reported themselves (whatever their roles), newest first. */
    List<Summary> reportedBy(GridworkUser viewer, int page, int size) {
        int n = pageSize(size);
        return jdbc.sql(SUMMARY_SELECT + " where d.reporter_account_id = ? order by d.submitted_at desc, d.id desc limit " + n
                + " offset " + Math.max(0, page) * n).param(viewer.accountId()).query(DemandLists::summary).list();
    }

    long countReportedBy(GridworkUser viewer) {
        return jdbc.sql("select count(*) from demand where reporter_account_id = ?").param(viewer.accountId())
                .query(Long.class).single();
    }

    /** A row of {@link #SUMMARY_COLUMNS} as a line of a list (its open parties still empty: {@link #withParties}). */
    private static Summary summary(ResultSet rs, int row) throws SQLException {
        DemandStatus status = DemandStatus.valueOf(rs.getString("status"));
        Instant responded = DemandRepository.inst(rs, "responded_at");
        Instant due = responded == null ? DemandRepository.inst(rs, "respond_due_at") : DemandRepository.inst(rs, "resolve_due_at");
        String where = rs.getString("compound_name") == null ? "" : rs.getString("compound_name") + " " + rs.getString("building_name")
                + (rs.getString("unit_number") == null ? "" : rs.getString("unit_number") + "单元")
                + (rs.getString("room") == null ? "" : rs.getString("room"));
        String place = DemandDetails.placeOf(where, rs.getString("location_text"));
        return new Summary(rs.getLong("id"), rs.getString("ref_no"), status, rs.getString("grade"), rs.getString("category_code"),
                rs.getString("description"), place, DemandRepository.inst(rs, "submitted_at"), status.isOpen() ? due : null,
                Colour.at(status, DemandRepository.inst(rs, "respond_yellow_at"), DemandRepository.inst(rs, "respond_due_at"),
                        responded, DemandRepository.inst(rs, "resolve_yellow_at"), DemandRepository.inst(rs, "resolve_due_at"), Instant.now()),
                rs.getInt("escalation_level"), rs.getInt("supervised_count"), new ArrayList<>(), rs.getBoolean("reporter_unverified"));
    }

    /** Fills the open parties of a page of summaries with one query. */
    private List<Summary> withParties(List<Summary> rows) {
        if (rows.isEmpty()) {
            return rows;
        }
        Map<Long, Summary> byId = new LinkedHashMap<>();
        rows.forEach(r -> byId.put(r.id(), r));
        jdbc.sql("select demand_id, party from demand_assignment where demand_id in (:ids) and status in ('OPEN','IN_PROGRESS') order by id")
                .param("ids", List.copyOf(byId.keySet()))
                .query(rs -> {
                    byId.get(rs.getLong(1)).openParties().add(Party.valueOf(rs.getString(2)));
                });
        return rows;
    }
}

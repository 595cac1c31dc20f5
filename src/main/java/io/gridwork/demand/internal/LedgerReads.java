package io.gridwork.demand.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gridwork.demand.DemandStatus;
import io.gridwork.shared.security.GridworkUser;

/**
 * What the ledger ({@link DemandLedger}) reads: the viewer's demands in pages of {@value #PAGE} by keyset, and for each
 * page its parties and timeline steps (one statement each) and its places in words (three, by arrays of ids). Called
 * inside the ledger's transaction.
 */
@Component
class LedgerReads {

    /** Demands a page: a ledger of this many or fewer is one page and needs no count of its own. */
    static final int PAGE = 1000;

    /** One demand as the ledger shows it. */
    record Row(long id, String refNo, Instant submittedAt, String channel, long communityId, String categoryCode,
            String grade, Long buildingId, Long unitId, Long householdId, String locationText, String description,
            DemandStatus status, Instant respondDueAt, Instant respondedAt, Instant resolveDueAt, Instant resolvedAt,
            Instant closedAt, Integer rating, String ratingComment, String reporterName, boolean anonymous,
            String phoneMask, int supervisedCount, int reopenCount, String measures, String holdReason) {

        Ref ref() {
            return new Ref(id, refNo, submittedAt);
        }
    }

    /** A demand as the steps' sheet needs it: its id, number and time. */
    record Ref(long id, String refNo, Instant submittedAt) {
    }

    private static final String SELECT = """
            select d.id, d.ref_no, d.submitted_at, d.channel, d.community_id, d.category_code, d.grade, d.building_id,
                   d.unit_id, d.household_id, d.location_text, d.description, d.status, d.respond_due_at, d.responded_at,
                   d.resolve_due_at, d.resolved_at, d.closed_at, d.rating, d.rating_comment, d.reporter_name, d.anonymous,
                   d.contact_phone_mask, d.supervised_count, d.reopen_count, d.measures, d.hold_reason
              from demand d
            """;

    private final JdbcClient jdbc;
    private final DemandQueries queries;

    LedgerReads(JdbcClient jdbc, DemandQueries queries) {
        this.jdbc = jdbc;
        this.queries = queries;
    }

    /** The viewer's demands that pass a filter, as the condition and parameters of a query on {@code demand d}. */
    record Query(String where, Map<String, Object> params) {
    }

    Query query(DemandQueries.Filter filter, GridworkUser viewer) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = queries.scopedWhere(filter, viewer, params);
        return new Query(where, params);
    }

    /**
     * A page of at most {@value #PAGE} demands, newest first, after {@code after} (null: the first page), by keyset on
     * (submitted_at, id).
     */
    List<Row> page(Query q, Row after) {
        Map<String, Object> params = new LinkedHashMap<>(q.params());
        String where = q.where();
        if (after != null) {
            params.put("kAt", Timestamp.from(after.submittedAt()));
            params.put("kId", after.id());
            where += " and (d.submitted_at < :kAt or (d.submitted_at = :kAt and d.id < :kId))";
        }
        return jdbc.sql(SELECT + " where " + where + " order by d.submitted_at desc, d.id desc limit " + PAGE)
                .params(params).query(LedgerReads::row).list();
    }

    /** How many demands pass the filter, up to {@link DemandQueries#COUNT_CAP} (then capped). */
    DemandQueries.Count count(DemandQueries.Filter filter, GridworkUser viewer) {
        return queries.count(filter, viewer);
    }

    Map<Long, List<String>> parties(List<Row> page) {
        Map<Long, List<String>> out = new HashMap<>();
        jdbc.sql("select demand_id, party from demand_assignment where demand_id = any(:ids) and status <> 'WITHDRAWN' order by demand_id, id")
                .param("ids", page.stream().map(Row::id).toArray(Long[]::new))
                .query((ResultSet rs) -> {
                    List<String> list = out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>());
                    if (!list.contains(rs.getString(2))) {
                        list.add(rs.getString(2));
                    }
                });
        return out;
    }

    /**
     * Where each demand of a page is, in words, as {@code DemandQueries.place} writes it (the household's address, or
     * the compound, building and unit, then the location text): one read for the page (issue 19: a read per row, about
     * 1,100 statements for a district's week, was most of the ledger's time).
     */
    Map<Long, String> places(List<Row> page) {
        // three reads by primary key, each of the page's households, units, then buildings with their compounds (joined
        // in one statement, the planner hashed every unit and building of the city for a page of 500)
        record Household(long unitId, String room) {
        }
        record Unit(long buildingId, String number) {
        }
        record Building(String name, String number, String compound) {
        }
        Map<Long, Household> households = byIds("select id, unit_id, room from v_grid_household where id = any(:ids)",
                page.stream().map(Row::householdId), (rs, i) -> new Household(rs.getLong(2), rs.getString(3)));
        Map<Long, Unit> units = byIds("select id, building_id, number from v_grid_unit where id = any(:ids)",
                Stream.concat(households.values().stream().map(Household::unitId),
                        page.stream().filter(d -> d.householdId() == null).map(Row::unitId)),
                (rs, i) -> new Unit(rs.getLong(2), rs.getString(3)));
        Map<Long, Building> buildings = byIds("""
                select b.id, b.name, b.number, c.name from v_grid_building b left join v_grid_node c on c.id = b.compound_id
                 where b.id = any(:ids)""",
                Stream.concat(units.values().stream().map(Unit::buildingId),
                        page.stream().filter(d -> d.householdId() == null).map(Row::buildingId)),
                (rs, i) -> new Building(rs.getString(2), rs.getString(3), rs.getString(4)));
        Map<Long, String> out = new HashMap<>();
        for (Row d : page) {
            String where = "";
            if (d.householdId() != null) {
                // HouseholdView.address(): 学府憬城 3栋2单元1201 ("" when the household is gone)
                Household h = households.get(d.householdId());
                Unit u = h == null ? null : units.get(h.unitId());
                Building b = u == null ? null : buildings.get(u.buildingId());
                where = b == null || b.compound() == null ? ""
                        : b.compound() + " " + b.number() + "栋" + u.number() + "单元" + h.room();
            } else if (d.buildingId() != null) {
                Building b = buildings.get(d.buildingId());
                where = b == null || b.compound() == null ? "" : b.compound() + " " + b.name();
                Unit u = d.unitId() == null ? null : units.get(d.unitId());
                if (!where.isEmpty() && u != null) {
                    where += u.number() + "单元";
                }
            }
            String text = d.locationText();
            out.put(d.id(), text == null ? where : (where.isEmpty() ? text : where + " · " + text));
        }
        return out;
    }

    /** The rows of {@code sql} (its first column the id) for the distinct non-null ids, by id. */
    private <T> Map<Long, T> byIds(String sql, Stream<Long> ids, RowMapper<T> mapper) {
        Long[] distinct = ids.filter(Objects::nonNull).distinct().toArray(Long[]::new);
        Map<Long, T> out = new HashMap<>();
        if (distinct.length > 0) {
            jdbc.sql(sql).param("ids", distinct).query((ResultSet rs) -> {
                out.put(rs.getLong(1), mapper.mapRow(rs, 0));
            });
        }
        return out;
    }

    /** The timeline steps of some demands, per demand in order: at, actor, action, from, to, note. */
    Map<Long, List<Object[]>> steps(List<Ref> page) {
        Map<Long, List<Object[]>> steps = new HashMap<>();
        // a demand's steps come at or after its submission: the bound leaves out the timeline's older month
        // partitions (issue 19; a day's margin for a submission time set by the client's clock)
        Instant since = page.stream().map(Ref::submittedAt).min(Instant::compareTo).orElseThrow().minus(java.time.Duration.ofDays(1));
        // the ids as one array: a list of 500 parameters was planned anew for every page and every month partition
        // (3 ms of planning a page on the city preset), one array is one statement the server keeps
        jdbc.sql("""
                select demand_id, at, actor_name, action, from_status, to_status, note
                  from demand_event_log where demand_id = any(:ids) and at >= :since order by demand_id, id""")
                .param("ids", page.stream().map(Ref::id).toArray(Long[]::new)).param("since", Timestamp.from(since))
                .query((ResultSet rs) -> {
                    steps.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Object[] {
                        DemandRepository.inst(rs, 2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7)});
                });
        return steps;
    }

    /** A row of {@link #SELECT}, by position (by name, finding the columns was a twentieth of a district's ledger). */
    private static Row row(ResultSet rs, int i) throws SQLException {
        return new Row(rs.getLong(1), rs.getString(2), DemandRepository.inst(rs, 3), rs.getString(4), rs.getLong(5),
                rs.getString(6), rs.getString(7), rs.getObject(8, Long.class), rs.getObject(9, Long.class),
                rs.getObject(10, Long.class), rs.getString(11), rs.getString(12), DemandStatus.valueOf(rs.getString(13)),
                DemandRepository.inst(rs, 14), DemandRepository.inst(rs, 15), DemandRepository.inst(rs, 16),
                DemandRepository.inst(rs, 17), DemandRepository.inst(rs, 18), rs.getObject(19, Integer.class),
                rs.getString(20), rs.getString(21), rs.getBoolean(22), rs.getString(23), rs.getInt(24), rs.getInt(25),
                rs.getString(26), rs.getString(27));
    }
}

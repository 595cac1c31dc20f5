package io.gridwork.demand.internal;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gridwork.demand.DemandStatus;
import io.gridwork.shared.security.GridworkUser;

/**
 * What the ledger ({@link DemandLedger}) reads: the viewer's demands in pages of {@value #PAGE} by keyset, and for each
 * page its parties, places in words and timeline steps, one statement each. Called inside the ledger's transaction.
 */
@Component
class LedgerReads {

    static final int PAGE = 500;

    /** One demand as the ledger shows it. */
    record Row(long id, String refNo, Instant submittedAt, String channel, long communityId, String categoryCode,
            String grade, Long buildingId, Long unitId, Long householdId, String locationText, String description,
            DemandStatus status, Instant respondDueAt, Instant respondedAt, Instant resolveDueAt, Instant resolvedAt,
            Instant closedAt, Integer rating, String ratingComment, String reporterName, boolean anonymous,
            String phoneMask, int supervisedCount, int reopenCount, String measures, String holdReason) {
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

    /** Pages of demands, newest first, by keyset on (submitted_at, id). */
    void forEachPage(DemandQueries.Filter filter, GridworkUser viewer, PageConsumer consumer) throws IOException {
        Instant lastAt = null;
        long lastId = 0;
        while (true) {
            Map<String, Object> params = new LinkedHashMap<>();
            String where = queries.scopedWhere(filter, viewer, params);
            if (lastAt != null) {
                params.put("kAt", Timestamp.from(lastAt));
                params.put("kId", lastId);
                where += " and (d.submitted_at < :kAt or (d.submitted_at = :kAt and d.id < :kId))";
            }
            List<Row> page = jdbc.sql(SELECT + " where " + where + " order by d.submitted_at desc, d.id desc limit " + PAGE)
                    .params(params).query(LedgerReads::row).list();
            if (page.isEmpty()) {
                return;
            }
            consumer.accept(page);
            if (page.size() < PAGE) {
                return;
            }
            Row last = page.get(page.size() - 1);
            lastAt = last.submittedAt();
            lastId = last.id();
        }
    }

    @FunctionalInterface
    interface PageConsumer {
        void accept(List<Row> page) throws IOException;
    }

    Map<Long, List<String>> parties(List<Row> page) {
        Map<Long, List<String>> out = new HashMap<>();
        jdbc.sql("select demand_id, party from demand_assignment where demand_id in (:ids) and status <> 'WITHDRAWN' order by demand_id, id")
                .param("ids", page.stream().map(Row::id).toList())
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
        record Names(String compound, String building, String unit, String hCompound, String hBuilding, String hUnit,
                String room) {
        }
        Map<Long, Names> names = new HashMap<>();
        jdbc.sql("""
                select d.id, bc.name, b.name, u.number, hc.name, hb.number, hu.number, h.room
                  from demand d
                  left join v_grid_building b on b.id = d.building_id
                  left join v_grid_node bc on bc.id = b.compound_id
                  left join v_grid_unit u on u.id = d.unit_id
                  left join v_grid_household h on h.id = d.household_id
                  left join v_grid_unit hu on hu.id = h.unit_id
                  left join v_grid_building hb on hb.id = hu.building_id
                  left join v_grid_node hc on hc.id = hb.compound_id
                 where d.id in (:ids)""")
                .param("ids", page.stream().map(Row::id).toList())
                .query((ResultSet rs) -> {
                    names.put(rs.getLong(1), new Names(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getString(8)));
                });
        Map<Long, String> out = new HashMap<>();
        for (Row d : page) {
            Names n = names.get(d.id());
            String where = "";
            if (n != null && d.householdId() != null) {
                // HouseholdView.address(): 学府憬城 3栋2单元1201 ("" when the household is gone)
                where = n.hCompound() == null ? "" : n.hCompound() + " " + n.hBuilding() + "栋" + n.hUnit() + "单元" + n.room();
            } else if (n != null && d.buildingId() != null) {
                where = n.compound() == null ? "" : n.compound() + " " + n.building();
                if (d.unitId() != null && n.unit() != null) {
                    where += n.unit() + "单元";
                }
            }
            String text = d.locationText();
            out.put(d.id(), text == null ? where : (where.isEmpty() ? text : where + " · " + text));
        }
        return out;
    }

    /** The timeline steps of a page's demands, per demand in order: at, actor, action, from, to, note. */
    Map<Long, List<Object[]>> steps(List<Row> page) {
        Map<Long, List<Object[]>> steps = new HashMap<>();
        // a demand's steps come at or after its submission: the bound leaves out the timeline's older month
        // partitions (issue 19; a day's margin for a submission time set by the client's clock)
        Instant since = page.stream().map(Row::submittedAt).min(Instant::compareTo).orElseThrow().minus(java.time.Duration.ofDays(1));
        jdbc.sql("""
                select demand_id, at, actor_name, action, from_status, to_status, note
                  from demand_event_log where demand_id in (:ids) and at >= :since order by demand_id, id""")
                .param("ids", page.stream().map(Row::id).toList()).param("since", Timestamp.from(since))
                .query((ResultSet rs) -> {
                    steps.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Object[] {
                        DemandRepository.inst(rs, "at"), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7)});
                });
        return steps;
    }

    private static Row row(ResultSet rs, int i) throws SQLException {
        return new Row(rs.getLong("id"), rs.getString("ref_no"), DemandRepository.inst(rs, "submitted_at"),
                rs.getString("channel"), rs.getLong("community_id"), rs.getString("category_code"), rs.getString("grade"),
                rs.getObject("building_id", Long.class), rs.getObject("unit_id", Long.class),
                rs.getObject("household_id", Long.class), rs.getString("location_text"), rs.getString("description"),
                DemandStatus.valueOf(rs.getString("status")), DemandRepository.inst(rs, "respond_due_at"),
                DemandRepository.inst(rs, "responded_at"), DemandRepository.inst(rs, "resolve_due_at"),
                DemandRepository.inst(rs, "resolved_at"), DemandRepository.inst(rs, "closed_at"),
                rs.getObject("rating", Integer.class), rs.getString("rating_comment"), rs.getString("reporter_name"),
                rs.getBoolean("anonymous"), rs.getString("contact_phone_mask"), rs.getInt("supervised_count"),
                rs.getInt("reopen_count"), rs.getString("measures"), rs.getString("hold_reason"));
    }
}

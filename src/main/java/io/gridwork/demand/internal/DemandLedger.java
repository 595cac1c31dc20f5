package io.gridwork.demand.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.gridwork.shared.SpreadsheetText;
import io.gridwork.demand.CategoryView;
import io.gridwork.demand.DemandStatus;
import io.gridwork.shared.security.GridworkUser;

/**
 * The ledger (台账) as an Excel workbook: one sheet with a row per demand the viewer may see (the
 * filters of the demand list apply), one with every step of their timelines. Streamed: demands are
 * read in pages of {@value #PAGE} by keyset, each page written and flushed before the next is read,
 * free text goes in as inline strings (fastexcel would otherwise keep a table of every distinct
 * string until the end), so memory stays flat however many demands there are. Both sheets are read
 * in one read-only, repeatable-read transaction and therefore describe the same moment.
 */
@Component
public class DemandLedger {

    static final int PAGE = 500;
    private static final String DATE_TIME = "yyyy-mm-dd hh:mm";

    private final JdbcClient jdbc;
    private final DemandQueries queries;
    private final DemandPolicies policies;
    private final MessageSource messages;
    private final TransactionTemplate tx;

    DemandLedger(JdbcClient jdbc, DemandQueries queries, DemandPolicies policies, MessageSource messages,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.queries = queries;
        this.policies = policies;
        this.messages = messages;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setReadOnly(true);
        this.tx.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

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

    /** Writes the workbook; the caller owns (and closes) the stream. */
    public void write(DemandQueries.Filter filter, GridworkUser viewer, Locale locale, OutputStream out) {
        tx.executeWithoutResult(status -> {
            try {
                Workbook wb = new Workbook(out, "Gridwork", "1.0");
                writeDemands(wb.newWorksheet(msg("ledger.sheet.demands", locale)), filter, viewer, locale);
                writeSteps(wb.newWorksheet(msg("ledger.sheet.steps", locale)), filter, viewer, locale);
                wb.finish();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void writeDemands(Worksheet ws, DemandQueries.Filter filter, GridworkUser viewer, Locale locale)
            throws IOException {
        boolean handler = DemandQueries.isHandler(viewer);
        List<String> headers = new ArrayList<>(List.of("refNo", "submittedAt", "channel", "category", "grade", "place",
                "description", "status", "parties", "respondDue", "respondedAt", "respondOnTime", "resolveDue",
                "resolvedAt", "resolveOnTime", "closedAt", "rating", "ratingComment", "measures", "holdReason",
                "supervised", "reopened"));
        if (handler) {
            headers.add("reporter");
        }
        headers.add("phone");
        header(ws, headers, locale);
        int[] widths = {16, 17, 12, 12, 8, 30, 50, 10, 20, 17, 17, 8, 17, 17, 8, 17, 8, 30, 30, 20, 8, 8, 12, 14};
        for (int c = 0; c < headers.size(); c++) {
            ws.width(c, widths[Math.min(c, widths.length - 1)]);
        }
        Map<Long, Map<String, String>> categoryNames = new HashMap<>();
        Instant now = Instant.now();
        int[] r = {1};
        forEachPage(filter, viewer, page -> {
            Map<Long, List<String>> parties = parties(page);
            Map<Long, String> places = places(page);
            int first = r[0];
            for (Row d : page) {
                int row = r[0]++;
                int c = 0;
                ws.value(row, c++, d.refNo());
                date(ws, row, c++, d.submittedAt());
                ws.value(row, c++, msg("ledger.channel." + d.channel(), locale));
                ws.value(row, c++, categoryNames.computeIfAbsent(d.communityId(), k -> names(k, locale))
                        .getOrDefault(d.categoryCode(), d.categoryCode()));
                ws.value(row, c++, d.grade() == null ? "" : msg("ledger.grade." + d.grade(), locale));
                ws.inlineString(row, c++, SpreadsheetText.neutral(places.getOrDefault(d.id(), "")));
                ws.inlineString(row, c++, SpreadsheetText.neutral(d.description()));
                ws.value(row, c++, msg("ledger.status." + d.status(), locale));
                ws.value(row, c++, String.join("、", parties.getOrDefault(d.id(), List.of()).stream()
                        .map(p -> msg("ledger.party." + p, locale)).toList()));
                date(ws, row, c++, d.respondDueAt());
                date(ws, row, c++, d.respondedAt());
                ws.value(row, c++, onTime(d.respondDueAt(), d.respondedAt(), d.status().isOpen(), now, locale));
                date(ws, row, c++, d.resolveDueAt());
                date(ws, row, c++, d.resolvedAt());
                ws.value(row, c++, onTime(d.resolveDueAt(), d.resolvedAt(), d.status().isOpen(), now, locale));
                date(ws, row, c++, d.closedAt());
                if (d.rating() != null) {
                    ws.value(row, c, d.rating());
                }
                c++;
                inline(ws, row, c++, d.ratingComment());
                inline(ws, row, c++, d.measures());
                inline(ws, row, c++, d.holdReason());
                ws.value(row, c++, d.supervisedCount());
                ws.value(row, c++, d.reopenCount());
                if (handler) {
                    ws.value(row, c++, d.reporterName() == null ? "" : SpreadsheetText.neutral(d.reporterName()));
                }
                ws.value(row, c, d.phoneMask() == null ? "" : d.phoneMask());
            }
            dateFormat(ws, first, r[0] - 1, 1, 9, 10, 12, 13, 15);
            flush(ws);
        });
        ws.freezePane(1, 1);
        ws.setAutoFilter(0, 0, Math.max(0, r[0] - 1), headers.size() - 1);
        ws.finish();
    }

    private void writeSteps(Worksheet ws, DemandQueries.Filter filter, GridworkUser viewer, Locale locale) throws IOException {
        header(ws, List.of("refNo", "step", "at", "actor", "action", "from", "to", "note"), locale);
        int[] widths = {16, 6, 17, 14, 18, 10, 10, 60};
        for (int c = 0; c < widths.length; c++) {
            ws.width(c, widths[c]);
        }
        int[] r = {1};
        forEachPage(filter, viewer, page -> {
            Map<Long, String> refs = new LinkedHashMap<>();
            page.forEach(d -> refs.put(d.id(), d.refNo()));
            Map<Long, List<Object[]>> steps = new HashMap<>();
            // a demand's steps come at or after its submission: the bound leaves out the timeline's older month
            // partitions (issue 19; a day's margin for a submission time set by the client's clock)
            Instant since = page.stream().map(Row::submittedAt).min(Instant::compareTo).orElseThrow().minus(java.time.Duration.ofDays(1));
            jdbc.sql("""
                    select demand_id, at, actor_name, action, from_status, to_status, note
                      from demand_event_log where demand_id in (:ids) and at >= :since order by demand_id, id""")
                    .param("ids", new ArrayList<>(refs.keySet())).param("since", Timestamp.from(since))
                    .query((ResultSet rs) -> {
                        steps.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Object[] {
                            DemandRepository.inst(rs, "at"), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7)});
                    });
            int first = r[0];
            for (var e : refs.entrySet()) {
                int n = 1;
                for (Object[] s : steps.getOrDefault(e.getKey(), List.of())) {
                    int row = r[0]++;
                    ws.value(row, 0, e.getValue());
                    ws.value(row, 1, n++);
                    date(ws, row, 2, (Instant) s[0]);
                    ws.value(row, 3, SpreadsheetText.neutral((String) s[1]));
                    ws.value(row, 4, label("ledger.action.", (String) s[2], locale));
                    ws.value(row, 5, s[3] == null ? "" : msg("ledger.status." + s[3], locale));
                    ws.value(row, 6, s[4] == null ? "" : msg("ledger.status." + s[4], locale));
                    inline(ws, row, 7, (String) s[5]);
                }
            }
            dateFormat(ws, first, r[0] - 1, 2);
            flush(ws);
        });
        ws.freezePane(2, 1);
        ws.finish();
    }

    /** Pages of demands, newest first, by keyset on (submitted_at, id). */
    private void forEachPage(DemandQueries.Filter filter, GridworkUser viewer, PageConsumer consumer) throws IOException {
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
                    .params(params).query(DemandLedger::row).list();
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
    private interface PageConsumer {
        void accept(List<Row> page) throws IOException;
    }

    private Map<Long, List<String>> parties(List<Row> page) {
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
    private Map<Long, String> places(List<Row> page) {
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

    private Map<String, String> names(long communityId, Locale locale) {
        Map<String, String> out = new HashMap<>();
        for (CategoryView c : policies.categories(communityId)) {
            out.put(c.code(), c.name(locale));
        }
        return out;
    }

    /** 是 / 否 / 未到期, or empty when there is no such limit. */
    private String onTime(Instant due, Instant done, boolean open, Instant now, Locale locale) {
        if (due == null) {
            return "";
        }
        if (done != null) {
            return msg(done.isAfter(due) ? "ledger.no" : "ledger.yes", locale);
        }
        if (!open) {
            return "";
        }
        return msg(now.isAfter(due) ? "ledger.no" : "ledger.pending", locale);
    }

    private void header(Worksheet ws, List<String> columns, Locale locale) {
        for (int c = 0; c < columns.size(); c++) {
            ws.value(0, c, msg("ledger.col." + columns.get(c), locale));
            ws.style(0, c).bold().fillColor("EEF2F5").set();
        }
    }

    /** A time in Beijing; its format is set for the page's column at once ({@link #dateFormat}). */
    private static void date(Worksheet ws, int row, int col, Instant at) {
        if (at != null) {
            ws.value(row, col, LocalDateTime.ofInstant(at, BusinessClock.ZONE));
        }
    }

    /**
     * The time format on the rows {@code first}..{@code last} of the given columns, one range each: fastexcel merges a
     * style once per range and distinct old style, where a style set per cell was merged per cell (issue 19: a fifth
     * of a district's ledger). Cells without a time get the format too and stay empty.
     */
    private static void dateFormat(Worksheet ws, int first, int last, int... columns) {
        if (last < first) {
            return;
        }
        for (int c : columns) {
            ws.range(first, c, last, c).style().format(DATE_TIME).set();
        }
    }

    private static void inline(Worksheet ws, int row, int col, String text) {
        if (text != null && !text.isEmpty()) {
            ws.inlineString(row, col, SpreadsheetText.neutral(text));
        }
    }

    private static void flush(Worksheet ws) throws IOException {
        ws.flush();
    }

    private String label(String prefix, String code, Locale locale) {
        return messages.getMessage(prefix + code, null, code, locale);
    }

    private String msg(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
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

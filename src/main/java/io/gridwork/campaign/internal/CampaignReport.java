package io.gridwork.campaign.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.gridwork.shared.SpreadsheetText;
import io.gridwork.shared.Workbooks;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.core.type.TypeReference;

/**
 * The campaign report: a summary sheet, coverage per micro-grid, and every visit with its answers.
 * Addresses and grid names are read from the grid tables in the same set-based queries (a facade call
 * per visit would not hold for a campaign of 500,000 households).
 */
@Service
public class CampaignReport {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final TypeReference<Map<String, Object>> ANSWERS = new TypeReference<>() {
    };

    /** A micro-grid's line in the report. */
    public record GridLine(long gridId, String compoundName, String gridName, CampaignQueries.Counts counts) {
    }

    /** A hazard found, for the printable summary. */
    public record HazardLine(long visitId, String address, String fields, String recordedBy, Instant at) {
    }

    /** A building's counts: what viewers without room-level access read (no room, no household, no answer). */
    public record BuildingLine(String compoundName, String buildingNumber, CampaignQueries.Counts counts) {

        /** 学府憬城 3栋 */
        public String name() {
            return compoundName + " " + buildingNumber + "栋";
        }
    }

    private final JdbcClient jdbc;
    private final MessageSource messages;
    private final TransactionTemplate tx;

    CampaignReport(JdbcClient jdbc, MessageSource messages, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.messages = messages;
        this.tx = tx;
    }

    /** The micro-grid lines inside the given parts of the campaign (see {@link CampaignService#roomPaths}). */
    public List<GridLine> gridLines(long campaignId, List<String> paths) {
        List<Object> params = new ArrayList<>(List.of(campaignId));
        String where = CampaignQueries.ranges("c.grid_path", paths, params);
        return jdbc.sql("""
                select c.grid_id, p.name, g.name, c.in_scope, c.done, c.not_home, c.refused, c.vacant, c.hazards
                  from campaign_coverage c join v_grid_node g on g.id = c.grid_id left join v_grid_node p on p.id = g.parent_id
                 where c.campaign_id = ? and """ + where + " order by c.grid_path").params(params)
                .query((rs, n) -> new GridLine(rs.getLong(1), rs.getString(2), rs.getString(3),
                        new CampaignQueries.Counts(rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8),
                                rs.getLong(9))))
                .list();
    }

    /**
     * The counts of each building inside the given parts of the campaign (see {@link CampaignService#figurePaths}):
     * households in scope, outcomes and hazards. Reads the building and compound names in the same set-based query.
     */
    public List<BuildingLine> buildingLines(long campaignId, List<String> paths) {
        List<Object> params = new ArrayList<>(List.of(campaignId));
        String where = CampaignQueries.ranges("h.grid_path", paths, params);
        return jdbc.sql("""
                select cp.name, b.number, count(*),
                       sum(case when h.outcome = 'DONE' then 1 else 0 end),
                       sum(case when h.outcome = 'NOT_HOME' then 1 else 0 end),
                       sum(case when h.outcome = 'REFUSED' then 1 else 0 end),
                       sum(case when h.outcome = 'VACANT' then 1 else 0 end),
                       sum(h.hazards)
                  from campaign_household h
                  join v_grid_building b on b.id = h.building_id
                  join v_grid_node cp on cp.id = b.compound_id
                 where h.campaign_id = ? and """ + where + """
                 group by cp.name, cp.id, b.id, b.number order by cp.id, b.id""").params(params)
                .query((rs, n) -> new BuildingLine(rs.getString(1), rs.getString(2), new CampaignQueries.Counts(rs.getLong(3),
                        rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8))))
                .list().stream()
                .sorted(java.util.Comparator.comparing(BuildingLine::compoundName)
                        .thenComparing(BuildingLine::buildingNumber, CampaignQueries::naturally))
                .toList();
    }

    /** Hazards of the households' current visits inside the given parts of the campaign (at most {@code limit}). */
    public List<HazardLine> hazards(Campaign c, List<String> paths, int limit) {
        List<HazardLine> out = new ArrayList<>();
        List<Object> params = new ArrayList<>(List.of(c.id()));
        String where = CampaignQueries.ranges("h.grid_path", paths, params);
        jdbc.sql(VISITS + " where v.campaign_id = ? and v.hazards > 0 and h.visit_id = v.id and " + where
                + " order by v.visited_at, v.id")
                .params(params).query(rs -> {
                    if (out.size() >= limit) {
                        return;
                    }
                    Map<String, Object> a = answers(rs.getString("answers_json"));
                    out.add(new HazardLine(rs.getLong("id"), address(rs), String.join("；",
                            c.form().hazards(a).stream().map(h -> h.label() + ": " + h.answer()).toList()),
                            rs.getString("recorded_by_name"), Campaign.inst(rs, "visited_at")));
                });
        return out;
    }

    private static final String VISITS = """
            select v.id, v.outcome, v.answers_json, v.note, v.hazards, v.recorded_by_name, v.visited_at, v.received_at,
                   h.visit_id as current_visit, cp.name as compound_name, b.number as building_number,
                   u.number as unit_number, hh.room, g.name as grid_name
              from campaign_visit v
              join campaign_household h on h.campaign_id = v.campaign_id and h.household_id = v.household_id
              join v_grid_household hh on hh.id = v.household_id
              join v_grid_unit u on u.id = hh.unit_id
              join v_grid_building b on b.id = u.building_id
              join v_grid_node cp on cp.id = b.compound_id
              join v_grid_node g on g.id = h.grid_id
            """;

    private static String address(java.sql.ResultSet rs) throws java.sql.SQLException {
        return rs.getString("compound_name") + " " + rs.getString("building_number") + "栋" + rs.getString("unit_number")
                + "单元" + rs.getString("room");
    }

    private static Map<String, Object> answers(String json) {
        return json == null ? Map.of() : CampaignForm.JSON.readValue(json, ANSWERS);
    }

    /** The report of the given parts of the campaign (the viewer's {@link CampaignService#roomPaths}). */
    public void write(Campaign c, List<String> paths, Locale locale, OutputStream out) {
        tx.executeWithoutResult(s -> {
            try {
                Workbook wb = Workbooks.open(out);
                List<GridLine> lines = gridLines(c.id(), paths);
                summary(wb.newWorksheet(msg("campaign.report.sheet.summary", locale)), c, lines, locale);
                grids(wb.newWorksheet(msg("campaign.report.sheet.grids", locale)), lines, locale);
                visits(wb.newWorksheet(msg("campaign.report.sheet.visits", locale)), c, paths, locale);
                wb.finish();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void summary(Worksheet ws, Campaign c, List<GridLine> lines, Locale locale) {
        var t = lines.stream().map(GridLine::counts).reduce(CampaignQueries.Counts.ZERO, CampaignQueries.Counts::plus);
        Object[][] rows = {
                {"campaign.field.title", c.title()},
                {"campaign.field.kind", msg("campaign.kind." + c.kind(), locale)},
                {"campaign.field.status", msg("campaign.status." + c.status(), locale)},
                {"campaign.field.startsAt", c.startsAt()},
                {"campaign.field.deadline", c.deadline()},
                {"campaign.field.finishedAt", c.finishedAt()},
                {"campaign.coverage.inScope", t.inScope()},
                {"campaign.coverage.done", t.done()},
                {"campaign.coverage.notHome", t.notHome()},
                {"campaign.coverage.refused", t.refused()},
                {"campaign.coverage.vacant", t.vacant()},
                {"campaign.coverage.hazards", t.hazards()},
                {"campaign.coverage.percent", t.percent() + "%"}};
        ws.width(0, 18);
        ws.width(1, 40);
        for (int r = 0; r < rows.length; r++) {
            ws.value(r, 0, msg((String) rows[r][0], locale));
            ws.style(r, 0).bold().set();
            Object v = rows[r][1];
            if (v instanceof Instant i) {
                ws.value(r, 1, LocalDateTime.ofInstant(i, ZONE));
                ws.style(r, 1).format("yyyy-mm-dd hh:mm").set();
            } else if (v instanceof Long l) {
                ws.value(r, 1, l);
            } else if (v != null) {
                ws.value(r, 1, SpreadsheetText.neutral(String.valueOf(v)));
            }
        }
    }

    private void grids(Worksheet ws, List<GridLine> lines, Locale locale) throws IOException {
        String[] cols = {"campaign.report.compound", "campaign.report.grid", "campaign.coverage.inScope", "campaign.coverage.done",
                "campaign.coverage.notHome", "campaign.coverage.refused", "campaign.coverage.vacant",
                "campaign.coverage.hazards", "campaign.coverage.percent"};
        header(ws, cols, locale);
        int r = 1;
        for (GridLine g : lines) {
            ws.value(r, 0, SpreadsheetText.neutral(g.compoundName()));
            ws.value(r, 1, SpreadsheetText.neutral(g.gridName()));
            var k = g.counts();
            long[] v = {k.inScope(), k.done(), k.notHome(), k.refused(), k.vacant(), k.hazards(), k.percent()};
            for (int i = 0; i < v.length; i++) {
                ws.value(r, 2 + i, v[i]);
            }
            r++;
        }
    }

    private void visits(Worksheet ws, Campaign c, List<String> paths, Locale locale) throws IOException {
        List<CampaignForm.Field> fields = c.form().fields();
        List<String> cols = new ArrayList<>(List.of("campaign.report.grid", "campaign.report.address", "campaign.report.outcome",
                "campaign.report.current", "campaign.report.recordedBy", "campaign.report.visitedAt", "campaign.report.note",
                "campaign.coverage.hazards"));
        header(ws, cols.toArray(String[]::new), locale);
        for (int i = 0; i < fields.size(); i++) {
            ws.value(0, cols.size() + i, SpreadsheetText.neutral(fields.get(i).label()));
            ws.style(0, cols.size() + i).bold().fillColor("EEF2F5").set();
        }
        int[] r = {1};
        List<Object> params = new ArrayList<>(List.of(c.id()));
        String where = CampaignQueries.ranges("h.grid_path", paths, params);
        jdbc.sql(VISITS + " where v.campaign_id = ? and " + where + " order by g.path, b.id, u.id, hh.room, v.visited_at")
                .params(params).query(rs -> {
                    int row = r[0]++;
                    ws.value(row, 0, SpreadsheetText.neutral(rs.getString("grid_name")));
                    ws.value(row, 1, SpreadsheetText.neutral(address(rs)));
                    ws.value(row, 2, msg("campaign.outcome." + rs.getString("outcome"), locale));
                    ws.value(row, 3, msg(rs.getLong("current_visit") == rs.getLong("id") ? "campaign.yes" : "campaign.no", locale));
                    ws.value(row, 4, SpreadsheetText.neutral(rs.getString("recorded_by_name")));
                    ws.value(row, 5, LocalDateTime.ofInstant(Campaign.inst(rs, "visited_at"), ZONE));
                    ws.style(row, 5).format("yyyy-mm-dd hh:mm").set();
                    String note = rs.getString("note");
                    if (note != null && !note.isEmpty()) {
                        ws.inlineString(row, 6, SpreadsheetText.neutral(note));
                    }
                    ws.value(row, 7, rs.getInt("hazards"));
                    Map<String, Object> a = answers(rs.getString("answers_json"));
                    for (int i = 0; i < fields.size(); i++) {
                        Object v = a.get(fields.get(i).key());
                        if (v != null) {
                            ws.inlineString(row, 8 + i, SpreadsheetText.neutral(display(v, locale)));
                        }
                    }
                    if (row % 1000 == 0) {
                        try {
                            ws.flush();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                });
    }

    private String display(Object v, Locale locale) {
        if (v instanceof Boolean b) {
            return msg(b ? "campaign.yes" : "campaign.no", locale);
        }
        if (v instanceof List<?> l) {
            return String.join("、", l.stream().map(String::valueOf).toList());
        }
        return String.valueOf(v);
    }

    private void header(Worksheet ws, String[] cols, Locale locale) {
        for (int i = 0; i < cols.length; i++) {
            ws.value(0, i, msg(cols[i], locale));
            ws.style(0, i).bold().fillColor("EEF2F5").set();
            ws.width(i, i < 2 ? 24 : 12);
        }
    }

    private String msg(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }
}

package io.gridwork.insight.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import io.gridwork.campaign.CampaignApi;
import io.gridwork.insight.Dashboard;
import io.gridwork.measures.Measures;
import io.gridwork.shared.SpreadsheetText;
import io.gridwork.shared.Workbooks;

/** The dashboard as shown, as Excel: the figures, the distributions, the trends, the child grids and the sweeps. */
@Component
public class DashboardExport {

    private final MessageSource messages;

    DashboardExport(MessageSource messages) {
        this.messages = messages;
    }

    public void write(Dashboard d, Locale locale, OutputStream out) throws IOException {
        write(d, null, locale, out);
    }

    /** The dashboard and, when given, its routine work and the three city-wide problems (two more sheets). */
    public void write(Dashboard d, io.gridwork.insight.CityWatch w, Locale locale, OutputStream out) throws IOException {
        Workbook wb = Workbooks.open(out);

        Worksheet ws = wb.newWorksheet(msg("insight.xlsx.figures", locale));
        head(ws, locale, "figure", "part", "whole", "rate");
        int r = 1;
        Measures m = d.measures();
        r = rate(ws, r, msg("insight.rate.onTime", locale), m.resolveOnTime(), m.resolveDue(), m.onTimeClosureRate());
        r = rate(ws, r, msg("insight.rate.response", locale), m.respondOnTime(), m.respondDue(), m.responseRate());
        r = rate(ws, r, msg("insight.rate.satisfaction", locale), m.satisfied(), m.ratings(), m.satisfactionRate());
        r = rate(ws, r, msg("insight.rate.rectification", locale), d.rectification().rectified(), d.rectification().found(),
                d.rectification().rate());
        r = rate(ws, r, msg("insight.rate.resolution", locale), m.resolved(), m.received(), m.resolutionRate());
        text(ws, r + 1, 0, d.grid().name());
        ws.value(r + 1, 1, d.from().toString());
        ws.value(r + 1, 2, d.to().toString());

        ws = wb.newWorksheet(msg("insight.xlsx.counts", locale));
        head(ws, locale, "kind", "name", "count");
        r = 1;
        r = counts(ws, r, msg("insight.byState", locale), d.byState());
        r = counts(ws, r, msg("insight.byCategory", locale), d.byCategory());
        counts(ws, r, msg("insight.byParty", locale), d.byParty());

        ws = wb.newWorksheet(msg("insight.xlsx.trend", locale));
        head(ws, locale, "period", "from", "to", "onTime", "response", "satisfaction", "rectification", "resolution");
        r = 1;
        for (List<Dashboard.Trend> trend : List.of(d.weekly(), d.monthly())) {
            for (Dashboard.Trend t : trend) {
                text(ws, r, 0, t.label());
                ws.value(r, 1, t.from().toString());
                ws.value(r, 2, t.to().toString());
                percent(ws, r, 3, t.measures().onTimeClosureRate());
                percent(ws, r, 4, t.measures().responseRate());
                percent(ws, r, 5, t.measures().satisfactionRate());
                percent(ws, r, 6, t.rectification().rate());
                percent(ws, r, 7, t.measures().resolutionRate());
                r++;
            }
        }

        ws = wb.newWorksheet(msg("insight.xlsx.children", locale));
        head(ws, locale, "grid", "onTime", "response", "satisfaction", "rectification", "resolution", "received");
        r = 1;
        for (Dashboard.Child c : d.children()) {
            text(ws, r, 0, c.grid().name());
            percent(ws, r, 1, c.measures().onTimeClosureRate());
            percent(ws, r, 2, c.measures().responseRate());
            percent(ws, r, 3, c.measures().satisfactionRate());
            percent(ws, r, 4, c.rectification().rate());
            percent(ws, r, 5, c.measures().resolutionRate());
            ws.value(r, 6, c.measures().received());
            r++;
        }

        ws = wb.newWorksheet(msg("insight.xlsx.campaigns", locale));
        head(ws, locale, "campaign", "inScope", "reached", "notHome", "coverage");
        r = 1;
        for (CampaignApi.RunningCoverage c : d.campaigns()) {
            text(ws, r, 0, c.title());
            ws.value(r, 1, c.inScope());
            ws.value(r, 2, c.reached());
            ws.value(r, 3, c.notHome());
            ws.value(r, 4, c.percent() + "%");
            r++;
        }
        if (w != null) {
            ws = wb.newWorksheet(msg("insight.routine", locale));
            head(ws, locale, "kind", "count");
            r = 1;
            for (Dashboard.Count c : w.routine()) {
                text(ws, r, 0, c.label());
                ws.value(r, 1, c.count());
                r++;
            }
            ws = wb.newWorksheet(msg("insight.city.title", locale));
            head(ws, locale, "grid", "name", "received", "incidents", "open");
            r = 1;
            for (io.gridwork.insight.CityWatch.Problem p : w.problems()) {
                text(ws, r, 0, w.grid().name());
                text(ws, r, 1, p.label());
                ws.value(r, 2, p.received());
                ws.value(r, 3, p.incidents() == null ? "—" : String.valueOf(p.incidents()));
                ws.value(r, 4, p.open());
                r++;
                for (io.gridwork.insight.CityWatch.ChildProblem c : p.children()) {
                    text(ws, r, 0, c.grid().name());
                    text(ws, r, 1, p.label());
                    ws.value(r, 2, c.received());
                    ws.value(r, 3, c.incidents() == null ? "—" : String.valueOf(c.incidents()));
                    r++;
                }
            }
        }
        wb.finish();
    }

    private void head(Worksheet ws, Locale locale, String... cols) {
        for (int c = 0; c < cols.length; c++) {
            ws.value(0, c, msg("insight.xlsx.col." + cols[c], locale));
            ws.style(0, c).bold().set();
            ws.width(c, c == 0 ? 24 : 14);
        }
    }

    private static int rate(Worksheet ws, int r, String name, long part, long whole, Double rate) {
        text(ws, r, 0, name);
        ws.value(r, 1, part);
        ws.value(r, 2, whole);
        percent(ws, r, 3, rate);
        return r + 1;
    }

    private static int counts(Worksheet ws, int r, String kind, List<Dashboard.Count> counts) {
        for (Dashboard.Count c : counts) {
            text(ws, r, 0, kind);
            text(ws, r, 1, c.label());
            ws.value(r, 2, c.count());
            r++;
        }
        return r;
    }

    private static void percent(Worksheet ws, int r, int c, Double rate) {
        ws.value(r, c, rate == null ? "—" : Math.round(rate * 1000) / 10.0 + "%");
    }

    /** Names come from people (grid, campaign and category names): never as a formula. */
    private static void text(Worksheet ws, int r, int c, String s) {
        ws.inlineString(r, c, SpreadsheetText.neutral(s == null ? "" : s));
    }

    private String msg(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }
}

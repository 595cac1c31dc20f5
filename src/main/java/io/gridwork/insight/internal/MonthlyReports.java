package io.gridwork.insight.internal;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;

import io.gridwork.campaign.CampaignApi;
import io.gridwork.insight.CityWatch;
import io.gridwork.insight.Dashboard;
import io.gridwork.measures.Measures;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/**
 * The monthly report of a grid (a community, usually): the month's dashboard and city watch beside the previous month's,
 * laid out once as titled tables that the PDF and the Excel writer both render, so the two files say the same.
 */
@Service
public class MonthlyReports {

    /** A table of the report: a title, the column heads and rows of cells (text, or whole numbers). */
    public record Section(String key, String title, List<String> columns, List<List<Object>> rows) {
    }

    /** The report: its title, a line naming the grid and the period, and its tables. */
    public record Report(Dashboard.Grid grid, YearMonth month, LocalDate from, LocalDate to, String title, String subtitle,
            List<Section> sections) {
    }

    private final CityWatches watches;
    private final MessageSource messages;

    MonthlyReports(CityWatches watches, MessageSource messages) {
        this.watches = watches;
        this.messages = messages;
    }

    /** The month's report of a grid in the viewer's scope; a month that has not begun is refused (400). */
    public Report of(long gridId, YearMonth month, GridworkUser viewer, Locale locale) {
        LocalDate today = Dashboards.today();
        if (month.atDay(1).isAfter(today)) {
            throw ProblemException.badRequest("invalid-period", "the month has not begun");
        }
        if (month.isBefore(YearMonth.from(today).minusYears(5))) {
            throw ProblemException.badRequest("invalid-period", "a report goes back at most five years");
        }
        LocalDate from = month.atDay(1);
        LocalDate to = month.atEndOfMonth().isAfter(today) ? today : month.atEndOfMonth();
        YearMonth prev = month.minusMonths(1);
        CityWatches.Page now = watches.page(gridId, from, to, viewer, locale);
        CityWatches.Page before = watches.page(gridId, prev.atDay(1), prev.atEndOfMonth(), viewer, locale);
        Dashboard d = now.dashboard();
        Dashboard p = before.dashboard();
        CityWatch w = now.watch();
        CityWatch pw = before.watch();

        String monthName = month.format(DateTimeFormatter.ofPattern(msg("insight.report.monthPattern", locale), locale));
        String prevName = prev.format(DateTimeFormatter.ofPattern(msg("insight.report.monthPattern", locale), locale));
        List<Section> sections = new ArrayList<>();
        List<String> compare = List.of(msg("insight.report.col.figure", locale), monthName, prevName);

        Measures m = d.measures();
        Measures pm = p.measures();
        List<List<Object>> demandRows = new ArrayList<>();
        demandRows.add(List.of(msg("insight.report.received", locale), m.received(), pm.received()));
        demandRows.add(List.of(msg("insight.report.resolved", locale), m.resolved(), pm.resolved()));
        demandRows.add(List.of(msg("insight.rate.onTime", locale), rate(m.onTimeClosureRate(), m.resolveOnTime(), m.resolveDue()),
                rate(pm.onTimeClosureRate(), pm.resolveOnTime(), pm.resolveDue())));
        demandRows.add(List.of(msg("insight.rate.response", locale), rate(m.responseRate(), m.respondOnTime(), m.respondDue()),
                rate(pm.responseRate(), pm.respondOnTime(), pm.respondDue())));
        demandRows.add(List.of(msg("insight.rate.satisfaction", locale), rate(m.satisfactionRate(), m.satisfied(), m.ratings()),
                rate(pm.satisfactionRate(), pm.satisfied(), pm.ratings())));
        demandRows.add(List.of(msg("insight.rate.resolution", locale), rate(m.resolutionRate(), m.resolved(), m.received()),
                rate(pm.resolutionRate(), pm.resolved(), pm.received())));
        demandRows.add(List.of(msg("insight.rate.rectification", locale),
                rate(d.rectification().rate(), d.rectification().rectified(), d.rectification().found()),
                rate(p.rectification().rate(), p.rectification().rectified(), p.rectification().found())));
        sections.add(new Section("rates", msg("insight.report.rates", locale), compare, demandRows));

        sections.add(new Section("categories", msg("insight.byCategory", locale), compare, compared(d.byCategory(), p.byCategory())));
        sections.add(new Section("parties", msg("insight.byParty", locale), compare, compared(d.byParty(), p.byParty())));

        List<List<Object>> sweepRows = new ArrayList<>();
        for (CampaignApi.RunningCoverage c : d.campaigns()) {
            sweepRows.add(List.of(c.title(), c.reached() + " / " + c.inScope(), c.percent() + "%"));
        }
        sections.add(new Section("campaigns", msg("insight.campaigns", locale), List.of(msg("insight.xlsx.col.campaign", locale),
                msg("insight.report.col.reached", locale), msg("insight.xlsx.col.coverage", locale)), sweepRows));

        List<List<Object>> routineRows = compared(w.routine(), pw.routine());
        routineRows.add(List.of(msg("insight.report.total", locale), w.routineTotal(), pw.routineTotal()));
        sections.add(new Section("routine", msg("insight.routine", locale), compare, routineRows));

        String shortNow = month.format(DateTimeFormatter.ofPattern(msg("insight.report.shortMonthPattern", locale), locale));
        String shortPrev = prev.format(DateTimeFormatter.ofPattern(msg("insight.report.shortMonthPattern", locale), locale));
        List<List<Object>> problemRows = new ArrayList<>();
        for (int i = 0; i < w.problems().size(); i++) {
            CityWatch.Problem x = w.problems().get(i);
            CityWatch.Problem y = pw.problems().get(i);
            problemRows.add(List.of(x.label(), x.received(), y.received(), x.incidents() == null ? "—" : x.incidents(),
                    y.incidents() == null ? "—" : y.incidents(), x.open()));
        }
        sections.add(new Section("problems", msg("insight.city.title", locale), List.of(msg("insight.report.col.problem", locale),
                msg("insight.report.col.demands", locale, shortNow), msg("insight.report.col.demands", locale, shortPrev),
                msg("insight.report.col.incidents", locale, shortNow), msg("insight.report.col.incidents", locale, shortPrev),
                msg("insight.report.col.openNow", locale)), problemRows));

        String title = msg("insight.report.title", locale, d.grid().name(), monthName);
        String subtitle = msg("insight.report.subtitle", locale, from.toString(), to.toString(), prevName);
        return new Report(d.grid(), month, from, to, title, subtitle, sections);
    }

    /** Counts of this month beside the previous month's, by key, in this month's order then the previous month's. */
    private static List<List<Object>> compared(List<Dashboard.Count> now, List<Dashboard.Count> before) {
        Map<String, Object[]> rows = new LinkedHashMap<>();
        for (Dashboard.Count c : now) {
            rows.put(c.key(), new Object[] {c.label(), c.count(), 0L});
        }
        for (Dashboard.Count c : before) {
            rows.computeIfAbsent(c.key(), k -> new Object[] {c.label(), 0L, 0L})[2] = c.count();
        }
        List<List<Object>> out = new ArrayList<>();
        rows.values().forEach(r -> out.add(new ArrayList<>(List.of(r))));
        return out;
    }

    /** A rate as the dashboard shows it, with its part and whole: "98.5%（197/200）", or "—" when nothing fell. */
    static String rate(Double rate, long part, long whole) {
        return rate == null ? "—" : percent(rate) + "（" + part + "/" + whole + "）";
    }

    static String percent(Double rate) {
        return rate == null ? "—" : Math.round(rate * 1000) / 10.0 + "%";
    }

    private String msg(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }
}

package io.gridwork.insight.web;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import tools.jackson.databind.json.JsonMapper;

import io.gridwork.insight.CityWatch;
import io.gridwork.insight.Dashboard;
import io.gridwork.insight.internal.CityTracking;
import io.gridwork.insight.internal.CityWatches;
import io.gridwork.insight.internal.Dashboards;
import io.gridwork.insight.internal.MonthlyReports;
import io.gridwork.insight.internal.ReportDocuments;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.ProblemException;

/**
 * The monthly report (PDF and Excel), the wall display (大屏) that refreshes itself, and the tracking view of the three
 * city-wide problems. Every grid is checked against the viewer's scope by the services (404 outside it).
 */
@Controller
class InsightReportPages {

    static final String PDF = "application/pdf";
    /** Seconds between two refreshes of the wall display. */
    static final int WALL_REFRESH = 60;
    /** Days the tracking view looks back for recent demands and incidents. */
    static final int TRACKING_DAYS = 30;

    private final Dashboards dashboards;
    private final CityWatches watches;
    private final CityTracking tracking;
    private final MonthlyReports reports;
    private final ReportDocuments documents;
    private final JsonMapper json;

    InsightReportPages(Dashboards dashboards, CityWatches watches, CityTracking tracking, MonthlyReports reports,
            ReportDocuments documents, JsonMapper json) {
        this.dashboards = dashboards;
        this.watches = watches;
        this.tracking = tracking;
        this.reports = reports;
        this.documents = documents;
        this.json = json;
    }

    @GetMapping("/insight/report.pdf")
    void pdf(@RequestParam(required = false) Long grid, @RequestParam(required = false) String month, Locale locale,
            HttpServletResponse response) throws IOException {
        MonthlyReports.Report r = report(grid, month, locale);
        byte[] pdf = documents.pdf(r, locale);
        response.setContentType(PDF);
        response.setHeader("Content-Disposition", ContentDisposition.inline()
                .filename("月度报告-report-" + r.grid().id() + "-" + r.month() + ".pdf", StandardCharsets.UTF_8).build().toString());
        response.setContentLength(pdf.length);
        response.getOutputStream().write(pdf);
    }

    @GetMapping("/insight/report.xlsx")
    void xlsx(@RequestParam(required = false) Long grid, @RequestParam(required = false) String month, Locale locale,
            HttpServletResponse response) throws IOException {
        MonthlyReports.Report r = report(grid, month, locale);
        response.setContentType(InsightPages.XLSX);
        response.setHeader("Content-Disposition", ContentDisposition.attachment()
                .filename("月度报告-report-" + r.grid().id() + "-" + r.month() + ".xlsx", StandardCharsets.UTF_8).build().toString());
        try (OutputStream out = response.getOutputStream()) {
            documents.xlsx(r, out);
        }
    }

    @GetMapping("/insight/wall")
    String wall(@RequestParam(required = false) Long grid, Locale locale, Model model) {
        GridworkUser user = CurrentUser.get();
        long id = grid != null ? grid : dashboards.homeGrid(user).id();
        LocalDate to = Dashboards.today();
        LocalDate from = to.withDayOfMonth(1);
        CityWatches.Page page = watches.page(id, from, to, user, locale);
        Dashboard d = page.dashboard();
        CityWatch w = page.watch();
        model.addAttribute("d", d);
        model.addAttribute("w", w);
        model.addAttribute("refresh", WALL_REFRESH);
        model.addAttribute("refreshedAt", ZonedDateTime.now(Dashboards.ZONE));
        Map<String, Object> charts = new LinkedHashMap<>();
        charts.put("byCategory", d.byCategory());
        charts.put("monthly", InsightPages.trendOf(d.monthly()));
        charts.put("problems", problemsChart(w));
        charts.put("routine", w.routine());
        model.addAttribute("chartJson", json.writeValueAsString(charts));
        return "insight/wall";
    }

    @GetMapping("/insight/city")
    String city(@RequestParam(required = false) Long grid, Locale locale, Model model) {
        GridworkUser user = CurrentUser.get();
        long id = grid != null ? grid : dashboards.homeGrid(user).id();
        model.addAttribute("t", tracking.of(id, TRACKING_DAYS, user, locale));
        model.addAttribute("days", TRACKING_DAYS);
        model.addAttribute("seesDevices", user.isAdmin() || user.has(Role.COMMUNITY_STAFF) || user.has(Role.STREET_STAFF));
        return "insight/city";
    }

    private MonthlyReports.Report report(Long grid, String month, Locale locale) {
        GridworkUser user = CurrentUser.get();
        YearMonth m;
        if (month == null || month.isBlank()) {
            m = YearMonth.from(Dashboards.today());
        } else {
            try {
                m = YearMonth.parse(month.strip());
            } catch (java.time.format.DateTimeParseException e) {
                throw ProblemException.badRequest("invalid-month", "month must look like 2026-11");
            }
        }
        long id = grid != null ? grid : dashboards.homeGrid(user).id();
        return reports.of(id, m, user, locale);
    }

    /** The problems' monthly demands (and incidents where devices watch them), for a stacked chart. */
    static Map<String, Object> problemsChart(CityWatch w) {
        Map<String, Object> c = new LinkedHashMap<>();
        List<CityWatch.Point> first = w.problems().isEmpty() ? List.of() : w.problems().get(0).monthly();
        c.put("labels", first.stream().map(CityWatch.Point::label).toList());
        c.put("series", w.problems().stream().map(p -> Map.of("name", p.label(), "data",
                p.monthly().stream().map(CityWatch.Point::received).toList())).toList());
        // the devices' incidents per month, for the problems that devices watch
        c.put("incidents", w.problems().stream().filter(p -> p.eventType() != null).map(p -> Map.of("name", p.label(), "data",
                p.monthly().stream().map(CityWatch.Point::incidents).toList())).toList());
        return c;
    }
}

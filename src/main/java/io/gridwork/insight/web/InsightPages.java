package io.gridwork.insight.web;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
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
import io.gridwork.grid.GridNode;
import io.gridwork.insight.internal.CityWatches;
import io.gridwork.insight.internal.DashboardExport;
import io.gridwork.insight.internal.MapLayers;
import io.gridwork.insight.internal.Dashboards;
import io.gridwork.insight.internal.Workbench;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;

/** The dashboard page of a grid, its Excel export, and the workbench section of the home page. */
@Controller
class InsightPages {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final Dashboards dashboards;
    private final DashboardExport export;
    private final Workbench workbench;
    private final JsonMapper json;
    private final CityWatches watches;
    private final MapLayers maps;

    InsightPages(Dashboards dashboards, DashboardExport export, Workbench workbench, JsonMapper json,
            CityWatches watches, MapLayers maps) {
        this.watches = watches;
        this.dashboards = dashboards;
        this.export = export;
        this.workbench = workbench;
        this.json = json;
        this.maps = maps;
    }

    /**
     * The map of a grid (phone first): the page draws the layers it fetches from {@code /api/insight/map/{layer}} on the
     * configured tiles, or on the plain vector base when there are none or they fail to load.
     */
    @GetMapping("/insight/map")
    String map(@RequestParam(required = false) Long grid, @RequestParam(required = false) String layer,
            @RequestParam(required = false) String measure, @RequestParam(required = false) Long campaignId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to, Model model) {
        GridworkUser user = CurrentUser.get();
        GridNode node = grid != null ? maps.gridInReach(grid, user) : maps.homeGrid(user);
        LocalDate end = to != null ? to : Dashboards.today();
        LocalDate start = from != null ? from : end.withDayOfMonth(1);
        if (end.isBefore(start)) {
            start = end.withDayOfMonth(1);
        }
        model.addAttribute("node", node);
        model.addAttribute("lineage", dashboards.lineageInReach(node.id(), user));
        model.addAttribute("layer", layer != null && MapLayers.LAYERS.contains(layer) ? layer : "demands");
        model.addAttribute("measure", measure != null && MapLayers.MEASURES.contains(measure) ? measure : "received");
        model.addAttribute("layers", MapLayers.LAYERS);
        model.addAttribute("measures", MapLayers.MEASURES);
        model.addAttribute("campaignId", campaignId);
        model.addAttribute("from", start);
        model.addAttribute("to", end);
        model.addAttribute("base", maps.baseMap());
        return "insight/map";
    }

    @GetMapping("/insight")
    String dashboard(@RequestParam(required = false) Long grid,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to, Locale locale,
            Model model) {
        GridworkUser user = CurrentUser.get();
        CityWatches.Page page = build(grid, from, to, user, locale);
        Dashboard d = page.dashboard();
        CityWatch w = page.watch();
        model.addAttribute("d", d);
        model.addAttribute("w", w);
        model.addAttribute("reports", user.isAdmin() || user.has(io.gridwork.shared.security.Role.COMMUNITY_STAFF)
                || user.has(io.gridwork.shared.security.Role.STREET_STAFF));
        Map<String, Object> charts = charts(d);
        charts.put("problems", InsightReportPages.problemsChart(w));
        charts.put("routine", w.routine());
        model.addAttribute("chartJson", json.writeValueAsString(charts));
        return "insight/dashboard";
    }

    @GetMapping("/insight/dashboard.xlsx")
    void xlsx(@RequestParam(required = false) Long grid,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to, Locale locale,
            HttpServletResponse response) throws IOException {
        CityWatches.Page page = build(grid, from, to, CurrentUser.get(), locale);
        Dashboard d = page.dashboard();
        CityWatch w = page.watch();
        response.setContentType(XLSX);
        response.setHeader("Content-Disposition", ContentDisposition.attachment()
                .filename("数据驾驶舱-dashboard-" + d.grid().id() + "-" + d.from() + "-" + d.to() + ".xlsx", StandardCharsets.UTF_8)
                .build().toString());
        try (OutputStream out = response.getOutputStream()) {
            export.write(d, w, locale, out);
        }
    }

    @GetMapping("/insight/workbench")
    String workbench(Model model) {
        model.addAttribute("w", workbench.of(CurrentUser.get(), Dashboards.today()).orElse(null));
        return "insight/workbench :: workbench";
    }

    private CityWatches.Page build(Long grid, LocalDate from, LocalDate to, GridworkUser user, Locale locale) {
        LocalDate end = to != null ? to : Dashboards.today();
        LocalDate start = from != null ? from : end.withDayOfMonth(1);
        long id = grid != null ? grid : dashboards.homeGrid(user).id();
        return watches.page(id, start, end, user, locale);
    }

    /** What the charts draw (labels already in the viewer's language; rates in per cent, null where nothing fell). */
    private static Map<String, Object> charts(Dashboard d) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("byState", d.byState());
        c.put("byCategory", d.byCategory());
        c.put("byParty", d.byParty());
        c.put("weekly", trend(d.weekly()));
        c.put("monthly", trend(d.monthly()));
        return c;
    }

    static Map<String, Object> trendOf(List<Dashboard.Trend> points) {
        return trend(points);
    }

    private static Map<String, Object> trend(List<Dashboard.Trend> points) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("labels", points.stream().map(Dashboard.Trend::label).toList());
        t.put("onTime", points.stream().map(p -> pct(p.measures().onTimeClosureRate())).toList());
        t.put("response", points.stream().map(p -> pct(p.measures().responseRate())).toList());
        t.put("satisfaction", points.stream().map(p -> pct(p.measures().satisfactionRate())).toList());
        t.put("rectification", points.stream().map(p -> pct(p.rectification().rate())).toList());
        return t;
    }

    private static Double pct(Double rate) {
        return rate == null ? null : Math.round(rate * 1000) / 10.0;
    }
}

package io.gridwork.insight.web;

import java.time.LocalDate;
import java.util.Locale;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.gridwork.insight.Dashboard;
import io.gridwork.insight.InsightApi;
import io.gridwork.insight.MapLayer;
import io.gridwork.insight.internal.MapLayers;
import io.gridwork.shared.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/insight")
@Tag(name = "Insight", description = "Dashboards per grid level: demands by state, category and party, the rates and their trends, sweep coverage; "
        + "the map layers of a grid")
class InsightApiController {

    private final InsightApi insight;
    private final MapLayers maps;

    InsightApiController(InsightApi insight, MapLayers maps) {
        this.insight = insight;
        this.maps = maps;
    }

    @GetMapping("/map/{layer}")
    @Operation(summary = "A layer of a grid's map as a GeoJSON FeatureCollection: base (boundaries and buildings), demands "
            + "(open and overdue per building), hazards (the rectification list per building), heat (a measure per micro-grid: "
            + "received, onTime, response, satisfaction, rectification) or coverage (a running campaign per micro-grid). Each "
            + "feature carries its figures in words with the link to the list behind them; coordinates in WGS-84, or GCJ-02 "
            + "with crs=gcj02. A grid outside the caller's scope answers 404 like a missing one.")
    MapLayer map(@PathVariable String layer, @RequestParam long gridId, @RequestParam(required = false) LocalDate from,
            @RequestParam(required = false) LocalDate to, @RequestParam(required = false) String measure,
            @RequestParam(required = false) Long campaignId, @RequestParam(required = false) String crs, Locale locale) {
        return maps.layer(new MapLayers.Request(gridId, layer, from, to, measure, campaignId, crs), CurrentUser.get(), locale);
    }

    @GetMapping("/dashboard")
    @Operation(summary = "The dashboard of a grid (and below) over a period: 按时办结率, 4-hour response, 满意率, 整改率 (rectification list), "
            + "demands resolved / received, each with its weekly and monthly trend, per child grid, and the running sweeps' coverage")
    Dashboard dashboard(@RequestParam long gridId, @RequestParam LocalDate from, @RequestParam LocalDate to, Locale locale) {
        return insight.dashboard(gridId, from, to, CurrentUser.get(), locale);
    }
}

package io.gridwork.insight.web;

import java.time.LocalDate;
import java.util.Locale;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.gridwork.insight.Dashboard;
import io.gridwork.insight.InsightApi;
import io.gridwork.shared.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/insight")
@Tag(name = "Insight", description = "Dashboards per grid level: demands by state, category and party, the rates and their trends, sweep coverage")
class InsightApiController {

    private final InsightApi insight;

    InsightApiController(InsightApi insight) {
        this.insight = insight;
    }

    @GetMapping("/dashboard")
    @Operation(summary = "The dashboard of a grid (and below) over a period: 按时办结率, 4-hour response, 满意率, 整改率 (rectification list), "
            + "demands resolved / received, each with its weekly and monthly trend, per child grid, and the running sweeps' coverage")
    Dashboard dashboard(@RequestParam long gridId, @RequestParam LocalDate from, @RequestParam LocalDate to, Locale locale) {
        return insight.dashboard(gridId, from, to, CurrentUser.get(), locale);
    }
}

package io.gridwork.demand.web;

import java.time.LocalDate;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.gridwork.demand.CategoryView;
import io.gridwork.demand.internal.DemandConfig;
import io.gridwork.demand.internal.DemandPolicies;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.Scope;
import io.gridwork.shared.web.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/demand-config")
@Tag(name = "Demand configuration", description = "A community's categories and time limits; the holiday calendar")
class DemandConfigApiController {

    private final DemandConfig config;
    private final DemandPolicies policies;
    private final GridApi grid;

    DemandConfigApiController(DemandConfig config, DemandPolicies policies, GridApi grid) {
        this.config = config;
        this.policies = policies;
        this.grid = grid;
    }

    record Settings(long communityId, List<CategoryView> categories, List<DemandConfig.PolicySetting> policies) {
    }

    record Day(String kind, String name) {
    }

    private long community(long id) {
        GridNode node = grid.node(id).orElseThrow(() -> ProblemException.notFound("grid", id));
        if (node.level() != GridLevel.COMMUNITY) {
            throw ProblemException.badRequest("not-a-community", "settings belong to a community (level-1 grid)");
        }
        Scope.requireGrid(node.path(), "grid", id);
        return id;
    }

    @GetMapping("/{communityId}")
    @Operation(summary = "A community's categories (defaults merged with its own) and time-limit policies")
    Settings settings(@PathVariable long communityId) {
        community(communityId);
        return new Settings(communityId, policies.categories(communityId), config.policies(communityId));
    }

    @PutMapping("/{communityId}/categories/{code}")
    @Operation(summary = "Add a category to a community or override a default one (active=false hides it)")
    Settings category(@PathVariable long communityId, @PathVariable String code, @RequestBody DemandConfig.CategorySetting body) {
        community(communityId);
        config.saveCategory(communityId, new DemandConfig.CategorySetting(code, body.nameZh(), body.nameEn(), body.defaultParty(),
                body.defaultGrade(), body.cityFocus(), body.active()));
        return settings(communityId);
    }

    @PutMapping("/{communityId}/policies")
    @Operation(summary = "Set a grade's limits for the community, optionally for one category; natural or working hours")
    Settings policy(@PathVariable long communityId, @RequestBody DemandConfig.PolicySetting body) {
        community(communityId);
        if (body.categoryCode() != null) {
            policies.category(communityId, body.categoryCode());
        }
        config.savePolicy(communityId, body);
        return settings(communityId);
    }

    @GetMapping("/calendar")
    @Operation(summary = "Public holidays and make-up working days (调休) of a year")
    List<DemandConfig.CalendarDay> calendar(@RequestParam int year) {
        return config.calendar(year);
    }

    @PutMapping("/calendar/{day}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Mark a day HOLIDAY or WORKDAY (kind null clears it); administrators")
    void day(@PathVariable LocalDate day, @RequestBody Day body) {
        config.saveDay(day, body.kind(), body.name());
    }
}

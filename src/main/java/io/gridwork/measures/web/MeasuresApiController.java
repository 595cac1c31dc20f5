package io.gridwork.measures.web;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.gridwork.demand.Party;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridNode;
import io.gridwork.measures.Freshness;
import io.gridwork.measures.Measures;
import io.gridwork.measures.internal.MeasureFolder;
import io.gridwork.measures.internal.MeasureQueries;
import io.gridwork.shared.security.Scope;
import io.gridwork.shared.web.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/measures")
@Tag(name = "Measures", description = "On-time closure, 4-hour response, satisfaction and resolution (demands resolved / received) rates; 整改率 is the rectification list's")
class MeasuresApiController {

    private final MeasureQueries measures;
    private final MeasureFolder folder;
    private final GridApi grid;

    MeasuresApiController(MeasureQueries measures, MeasureFolder folder, GridApi grid) {
        this.measures = measures;
        this.folder = folder;
        this.grid = grid;
    }

    /**
     * The figures and how current they are: every change of a demand committed before {@code asOf} is counted,
     * {@code lagSeconds} is the time since then when the figures were read.
     */
    record Result(LocalDate from, LocalDate to, String category, Party party, Instant asOf, double lagSeconds,
            Measures total, List<Measures> children) {
    }

    @GetMapping
    @Operation(summary = "Measures of a grid (and below) over a period, with the same for each child grid, and how current they are")
    Result measures(@RequestParam long gridId, @RequestParam LocalDate from, @RequestParam LocalDate to,
            @RequestParam(required = false) String category, @RequestParam(required = false) Party party) {
        if (to.isBefore(from)) {
            throw ProblemException.badRequest("invalid-period", "'to' is before 'from'");
        }
        if (from.plusYears(5).isBefore(to)) {
            throw ProblemException.badRequest("invalid-period", "a period is at most five years");
        }
        GridNode node = grid.node(gridId).orElseThrow(() -> ProblemException.notFound("grid", gridId));
        Scope.requireGrid(node.path(), "grid", gridId);
        // read before the figures: they are at least as current as this says
        Freshness freshness = folder.freshness();
        return new Result(from, to, category, party, freshness.asOf(), freshness.lagSeconds(),
                measures.of(node, from, to, category, party), measures.of(grid.children(gridId), from, to, category, party));
    }
}

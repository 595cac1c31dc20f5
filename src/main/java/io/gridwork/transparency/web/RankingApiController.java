package io.gridwork.transparency.web;

import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.gridwork.shared.security.CurrentUser;
import io.gridwork.transparency.internal.Rankings;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The red/black list (红黑榜) of a street's property companies. */
@RestController
@RequestMapping("/api/transparency/rankings")
@Tag(name = "Transparency")
class RankingApiController {

    private final Rankings rankings;

    RankingApiController(Rankings rankings) {
        this.rankings = rankings;
    }

    @GetMapping
    @Operation(summary = "A street's red/black lists, latest quarter first, without entries (drafts only for the street's staff)")
    List<Rankings.RankList> list(@RequestParam(required = false) Long gridId) {
        return rankings.ofArea(gridId, CurrentUser.get());
    }

    @GetMapping("/{id}")
    @Operation(summary = "One list: weights and thresholds used, each company's rank, band, scores (hundredths of a point; "
            + "null when nothing was measured) and the figures behind them, per compound too")
    Rankings.RankList get(@PathVariable long id) {
        return rankings.get(id, CurrentUser.get());
    }

    @GetMapping("/settings")
    @Operation(summary = "A street's weights, red and black thresholds and disclosure deadline (defaults until set)")
    Rankings.Settings settings(@RequestParam(required = false) Long gridId) {
        return rankings.settings(gridId, CurrentUser.get());
    }

    @PutMapping("/settings")
    @Operation(summary = "Street staff set the weights (0-100 each, summing to 100: else 400 rank-weights-sum), the red "
            + "threshold (redMin) and the black one (blackBelow, not above redMin) in points, and disclosureDays (0-90)")
    Rankings.Settings configure(@RequestParam(required = false) Long gridId, @RequestBody(required = false) Rankings.SettingsIn body) {
        return rankings.configure(gridId, body, CurrentUser.get());
    }

    @PostMapping
    @Operation(summary = "Street staff compute a finished quarter's list as a draft {gridId, year, quarter, reason}; once the "
            + "quarter's list is published, a recomputation is the next version and needs a reason (400 reason-required)")
    ResponseEntity<Rankings.RankList> compute(@RequestBody(required = false) Rankings.Compute body) {
        Rankings.RankList l = rankings.compute(body, CurrentUser.get());
        return ResponseEntity.created(URI.create("/api/transparency/rankings/" + l.id())).body(l);
    }

    @PostMapping("/{id}/publish")
    @Operation(summary = "Street staff publish a draft; a published list never changes (409 rank-published)")
    Rankings.RankList publish(@PathVariable long id) {
        return rankings.publish(id, CurrentUser.get());
    }
}

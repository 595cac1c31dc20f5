package io.gridwork.insight.web;

import java.math.BigDecimal;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.gridwork.grid.GridNode;
import io.gridwork.insight.internal.Evaluations;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/insight/evaluation")
@Tag(name = "Evaluation", description = "考核评价: monthly scores of a community's grid workers, the figures behind them, adjustments")
class EvaluationApiController {

    private final Evaluations evaluations;

    EvaluationApiController(Evaluations evaluations) {
        this.evaluations = evaluations;
    }

    @GetMapping
    @Operation(summary = "A community's evaluation of a month (yyyy-MM; the running month when omitted): each worker's figures, "
            + "indicator scores, adjustments, score and rank; live until the month is published, frozen afterwards")
    Evaluations.Evaluation evaluation(@RequestParam long communityId, @RequestParam(required = false) String month) {
        GridworkUser user = CurrentUser.get();
        return evaluations.evaluate(evaluations.communityForStaff(communityId, user), Evaluations.parseMonth(month));
    }

    /** An adjustment asked for: points (−100..100, not zero, two decimals at most) and the reason. */
    record AdjustmentRequest(Long communityId, String month, Long accountId, BigDecimal delta, String reason) {
    }

    @PostMapping("/adjustments")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Adjusts a worker's score of a month with a reason (recorded: who, when, why, before and after; append-only)")
    Evaluations.Adjustment adjust(@RequestBody AdjustmentRequest body) {
        GridworkUser user = CurrentUser.get();
        if (body == null || body.communityId() == null || body.accountId() == null) {
            throw ProblemException.badRequest("eval-invalid-adjustment", "communityId and accountId are required");
        }
        GridNode community = evaluations.communityForStaff(body.communityId(), user);
        return evaluations.adjust(community, Evaluations.parseMonth(body.month()), body.accountId(), body.delta(), body.reason(), user);
    }
}

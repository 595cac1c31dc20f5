package io.gridwork.transparency.web;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.transparency.internal.TrustLedger;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/transparency/compounds/{id}/trust")
@Tag(name = "Transparency")
class TrustApiController {

    private final TrustLedger ledger;

    TrustApiController(TrustLedger ledger) {
        this.ledger = ledger;
    }

    @GetMapping("/balances")
    @Operation(summary = "The trust account's balances by account, derived from the entries (income accounts shown positive)")
    Map<TrustLedger.Account, Long> balances(@PathVariable long id) {
        return ledger.balances(id, CurrentUser.get());
    }

    @GetMapping("/statement")
    @Operation(summary = "A month's statement (month=YYYY-MM, this month by default): opening and closing bank balance, "
            + "income and expense by account, the postings with their entries and receipts")
    TrustLedger.Statement statement(@PathVariable long id, @RequestParam(required = false) String month) {
        return ledger.statement(id, month(month), CurrentUser.get());
    }

    @PostMapping("/postings")
    @Operation(summary = "The property company (trustee) books a posting: entries {account, side DEBIT|CREDIT, amountFen > 0} "
            + "that balance, a receipt; 400 unbalanced / negative-amount, 409 insufficient-funds; nothing changes then")
    ResponseEntity<TrustLedger.Posting> post(@PathVariable long id, @RequestBody(required = false) TrustLedger.NewPosting body) {
        return ResponseEntity.status(201).body(ledger.post(id, body, CurrentUser.get()));
    }

    static YearMonth month(String month) {
        if (month == null || month.isBlank()) {
            return YearMonth.now(TransparencyFormat.ZONE);
        }
        try {
            return YearMonth.parse(month.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("invalid-month", "a month is written YYYY-MM", Map.of("field", "month"));
        }
    }
}

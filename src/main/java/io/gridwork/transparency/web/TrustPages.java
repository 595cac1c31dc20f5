package io.gridwork.transparency.web;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.transparency.internal.Compounds;
import io.gridwork.transparency.internal.TrustLedger;

/** The trust account's page: balances, the month's statement with every posting and receipt; the trustee books on it. */
@Controller
class TrustPages {

    private final TrustLedger ledger;
    private final Compounds compounds;
    private final Forms forms;

    TrustPages(TrustLedger ledger, Compounds compounds, Forms forms) {
        this.ledger = ledger;
        this.compounds = compounds;
        this.forms = forms;
    }

    @GetMapping("/transparency/compounds/{id}/trust")
    String trust(@PathVariable long id, @RequestParam(required = false) String month, Model model) {
        GridworkUser user = CurrentUser.get();
        GridNode compound = compounds.reached(id, user);
        YearMonth m = TrustApiController.month(month);
        model.addAttribute("compound", compound);
        model.addAttribute("balances", ledger.balances(id, user));
        model.addAttribute("statement", ledger.statement(id, m, user));
        model.addAttribute("previous", m.minusMonths(1).toString());
        model.addAttribute("next", m.plusMonths(1).toString());
        model.addAttribute("trustee", user.has(Role.PROPERTY_STAFF) && user.covers(compound.path()));
        model.addAttribute("accounts", List.of(TrustLedger.Account.values()).subList(1, TrustLedger.Account.values().length));
        model.addAttribute("today", TransparencyFormat.today());
        model.addAttribute("maxReceipts", io.gridwork.transparency.internal.TrustReceipts.PER_POSTING);
        return "transparency/trust";
    }

    /** A simple posting from the page: money in to the bank from an income account, or out of it to an expense account. */
    @PostMapping("/transparency/compounds/{id}/trust/postings")
    String post(@PathVariable long id, @RequestParam(required = false) String account, @RequestParam(required = false) String amount,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate bookedOn,
            @RequestParam(required = false) String description, @RequestParam(required = false) String receipt,
            jakarta.servlet.http.HttpServletRequest request, RedirectAttributes flash) {
        return forms.act(flash, () -> {
            TrustLedger.Account a;
            try {
                a = TrustLedger.Account.valueOf(String.valueOf(account));
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("field-required", "choose the account", java.util.Map.of("field", "account"));
            }
            if (a == TrustLedger.Account.BANK) {
                throw ProblemException.badRequest("field-required", "choose an income or expense account", java.util.Map.of("field", "account"));
            }
            Long fen = Money.fen(amount, "amount");
            boolean in = a.income;
            List<TrustLedger.EntryIn> entries = List.of(
                    new TrustLedger.EntryIn(TrustLedger.Account.BANK, in ? TrustLedger.Side.DEBIT : TrustLedger.Side.CREDIT, fen),
                    new TrustLedger.EntryIn(a, in ? TrustLedger.Side.CREDIT : TrustLedger.Side.DEBIT, fen));
            // the images of the receipt are optional here (the page's form is multipart; they can follow later)
            List<io.gridwork.transparency.internal.MicroProjects.Upload> images =
                    org.springframework.web.util.WebUtils.getNativeRequest(request,
                            org.springframework.web.multipart.MultipartHttpServletRequest.class) == null
                            ? List.of() : MicroProjectApiController.uploads(request);
            TrustLedger.Posting p = ledger.post(id, new TrustLedger.NewPosting(bookedOn, description, receipt, entries), images,
                    CurrentUser.get());
            return "/transparency/compounds/" + id + "/trust?month=" + YearMonth.from(p.bookedOn());
        }, "booked", () -> "/transparency/compounds/" + id + "/trust");
    }
}

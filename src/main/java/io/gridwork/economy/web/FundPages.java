package io.gridwork.economy.web;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gridwork.access.AccountApi;
import io.gridwork.economy.internal.Communities;
import io.gridwork.economy.internal.FundDonations;
import io.gridwork.economy.internal.FundExpenses;
import io.gridwork.economy.internal.FundLedger;
import io.gridwork.economy.internal.FundStatement;
import io.gridwork.economy.internal.Funds;
import io.gridwork.economy.internal.Merchants;
import io.gridwork.economy.internal.Volunteering;
import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.shared.web.ProblemMessages;

/**
 * The micro-fund's pages (微基金): the community staff's fund page (committee, settings, donations), expenses with
 * their proposal form, one expense's approval page for the committee, the public statement by month and purpose, each
 * account's own entry page (statements it reads, expenses waiting for its decision) and the merchant's donations.
 * Forms post and redirect; a refusal comes back as a message on the page in the viewer's language.
 */
@Controller
class FundPages {

    private final Funds funds;
    private final FundDonations donations;
    private final FundExpenses expenses;
    private final FundStatement statement;
    private final Communities communities;
    private final Merchants merchants;
    private final Volunteering volunteering;
    private final ProblemMessages problems;
    private final AccountApi accounts;

    FundPages(Funds funds, FundDonations donations, FundExpenses expenses, FundStatement statement, Communities communities,
            Merchants merchants, Volunteering volunteering, ProblemMessages problems, AccountApi accounts) {
        this.accounts = accounts;
        this.funds = funds;
        this.donations = donations;
        this.expenses = expenses;
        this.statement = statement;
        this.communities = communities;
        this.merchants = merchants;
        this.volunteering = volunteering;
        this.problems = problems;
    }

    // ---- everyone's entry ---------------------------------------------------------------------------

    /** A community whose fund statement the viewer reads. */
    record Place(long id, String name) {
    }

    @GetMapping("/economy/fund")
    String mine(Model model) {
        GridworkUser user = CurrentUser.get();
        java.util.Map<Long, Place> places = new java.util.LinkedHashMap<>();
        funds.homeOf(user).ifPresent(c -> places.put(c.id(), new Place(c.id(), c.name())));
        funds.ofMember(user.accountId()).forEach(f -> places.put(f.communityId(), new Place(f.communityId(), f.communityName())));
        if (user.has(io.gridwork.shared.security.Role.COMMUNITY_STAFF) || user.has(io.gridwork.shared.security.Role.STREET_STAFF)
                || user.isAdmin()) {
            communities.inScope(user, null).stream().limit(20).forEach(c -> places.put(c.id(), new Place(c.id(), c.name())));
        }
        model.addAttribute("places", List.copyOf(places.values()));
        model.addAttribute("waiting", expenses.waitingFor(user));
        model.addAttribute("committees", funds.ofMember(user.accountId()));
        return "economy/fund-mine";
    }

    // ---- the staff's fund page ----------------------------------------------------------------------

    @GetMapping("/economy/communities/{id}/fund")
    String fund(@PathVariable long id, @RequestParam(required = false) String q, Model model) {
        GridworkUser user = CurrentUser.get();
        GridNode c = communities.forStaff(id, user);
        model.addAttribute("community", c);
        model.addAttribute("tab", "fund");
        model.addAttribute("fund", funds.forStaff(id, user));
        model.addAttribute("merchants", merchants.list(id, Merchants.Status.VERIFIED, user));
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("candidates", volunteering.candidates(id, q, user));
        model.addAttribute("donations", donations.list(id, 50, user));
        model.addAttribute("today", LocalDate.now(EconomyFormat.ZONE));
        model.addAttribute("key", UUID.randomUUID().toString());
        return "economy/fund";
    }

    @PostMapping("/economy/communities/{id}/fund/settings")
    String settings(@PathVariable long id, @RequestParam(required = false) Integer approvalsNeeded,
            @RequestParam(required = false) String pointYuan, RedirectAttributes flash) {
        return act(flash, () -> {
            Long fen = EconomyPages.fen(pointYuan);
            funds.settings(id, new Funds.Settings(approvalsNeeded, fen == null ? null : Math.toIntExact(Math.min(fen, 1_000_000))),
                    CurrentUser.get());
        }, "fundSettings", fundPage(id));
    }

    @PostMapping("/economy/communities/{id}/fund/members")
    String designate(@PathVariable long id, @RequestParam(required = false) Long accountId,
            @RequestParam(required = false) String username, RedirectAttributes flash) {
        // the page's account search sends the picked account's id; a user name is still taken as typed
        return act(flash, () -> funds.designate(id, accountId == null ? username : accounts.usernameOf(accountId)
                .orElseThrow(() -> ProblemException.badRequest("unknown-account", "there is no account " + accountId)),
                CurrentUser.get()), "fundMember", fundPage(id));
    }

    @PostMapping("/economy/communities/{id}/fund/members/{accountId}/remove")
    String remove(@PathVariable long id, @PathVariable long accountId, RedirectAttributes flash) {
        return act(flash, () -> funds.remove(id, accountId, CurrentUser.get()), "fundMemberRemoved", fundPage(id));
    }

    @PostMapping("/economy/communities/{id}/fund/donations")
    String donate(@PathVariable long id, @RequestParam(required = false) FundLedger.AccountKind donorKind,
            @RequestParam(required = false) Long merchantId, @RequestParam(required = false) Long personId,
            @RequestParam(required = false) String amount,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate receivedOn,
            @RequestParam(required = false) String note, @RequestParam(required = false) String key, RedirectAttributes flash) {
        try {
            FundLedger.Posting p = donations.record(id, new FundDonations.NewDonation(donorKind, merchantId, personId,
                    EconomyPages.fen(amount), receivedOn, note), key, CurrentUser.get());
            flash.addFlashAttribute("receiptNo", p.receiptNo());
            flash.addFlashAttribute("done", "fundDonation");
        } catch (ProblemException e) {
            flash.addFlashAttribute("error", problems.text(e));
        }
        return "redirect:" + fundPage(id);
    }

    @PostMapping("/economy/fund/postings/{id}/reverse")
    String reverse(@PathVariable long id, @RequestParam(required = false) String reason, @RequestParam(required = false) String key,
            RedirectAttributes flash) {
        try {
            FundLedger.Posting p = donations.reverse(id, reason, key, CurrentUser.get());
            flash.addFlashAttribute("done", "fundReversed");
            return "redirect:" + fundPage(funds.communityOfFund(p.fundId()).orElseThrow());
        } catch (ProblemException e) {
            flash.addFlashAttribute("error", problems.text(e));
            return "redirect:/economy/fund";
        }
    }

    private static String fundPage(long communityId) {
        return "/economy/communities/" + communityId + "/fund";
    }

    // ---- expenses -----------------------------------------------------------------------------------

    @GetMapping("/economy/communities/{id}/fund/expenses")
    String expenses(@PathVariable long id, Model model) {
        GridworkUser user = CurrentUser.get();
        GridNode c = communities.community(id);
        List<FundExpenses.Expense> list = expenses.list(id, null, 100, user);
        boolean staff = funds.isStaff(id, user);
        model.addAttribute("community", c);
        model.addAttribute("tab", "fund");
        model.addAttribute("staff", staff);
        model.addAttribute("fund", funds.fundId(id).map(f -> funds.get(id)).orElse(null));
        model.addAttribute("expenses", list);
        model.addAttribute("shops", expenses.shops(id));
        model.addAttribute("purposes", FundExpenses.Purpose.values());
        model.addAttribute("key", UUID.randomUUID().toString());
        return "economy/fund-expenses";
    }

    @PostMapping("/economy/communities/{id}/fund/expenses")
    String propose(@PathVariable long id, @RequestParam(required = false) FundExpenses.Purpose purpose,
            @RequestParam(required = false) String title, @RequestParam(required = false) String description,
            @RequestParam(required = false) String amount, @RequestParam(required = false) Long merchantId,
            @RequestParam(required = false) Long points, @RequestParam(required = false) MultipartFile receipt,
            @RequestParam(required = false) String key, RedirectAttributes flash) {
        try {
            FundExpenses.Expense e = expenses.propose(id, new FundExpenses.NewExpense(purpose, title, description,
                    purpose == FundExpenses.Purpose.BUYBACK ? null : EconomyPages.fen(amount), merchantId, points),
                    FundApiController.receipt(receipt), key, CurrentUser.get());
            flash.addFlashAttribute("done", "fundProposed");
            return "redirect:/economy/fund/expenses/" + e.id();
        } catch (ProblemException e) {
            flash.addFlashAttribute("error", problems.text(e));
            return "redirect:/economy/communities/" + id + "/fund/expenses";
        }
    }

    @GetMapping("/economy/fund/expenses/{id}")
    String expense(@PathVariable long id, Model model) {
        GridworkUser user = CurrentUser.get();
        FundExpenses.Expense e = expenses.get(id, user);
        model.addAttribute("expense", e);
        model.addAttribute("mayDecide", expenses.mayDecide(e, user) && e.proposedById() != user.accountId());
        model.addAttribute("mayReject", expenses.mayDecide(e, user));
        model.addAttribute("mayPost", e.status() == FundExpenses.Status.PROPOSED && e.approvals() >= e.approvalsNeeded()
                && (funds.isStaff(e.communityId(), user) || funds.isMember(e.fundId(), user.accountId())));
        model.addAttribute("own", e.proposedById() == user.accountId());
        model.addAttribute("staff", funds.isStaff(e.communityId(), user));
        return "economy/fund-expense";
    }

    @PostMapping("/economy/fund/expenses/{id}/approve")
    String approve(@PathVariable long id, RedirectAttributes flash) {
        return decide(id, flash, () -> expenses.approve(id, CurrentUser.get()));
    }

    @PostMapping("/economy/fund/expenses/{id}/reject")
    String reject(@PathVariable long id, @RequestParam(required = false) String reason, RedirectAttributes flash) {
        return decide(id, flash, () -> expenses.reject(id, reason, CurrentUser.get()));
    }

    @PostMapping("/economy/fund/expenses/{id}/post")
    String post(@PathVariable long id, RedirectAttributes flash) {
        return decide(id, flash, () -> expenses.post(id, CurrentUser.get()));
    }

    private String decide(long id, RedirectAttributes flash, Supplier<FundExpenses.Expense> action) {
        try {
            FundExpenses.Expense e = action.get();
            flash.addFlashAttribute("done", e.status() == FundExpenses.Status.PAID ? "fundPaid"
                    : e.status() == FundExpenses.Status.REJECTED ? "fundRejected" : "fundApproved");
            return "redirect:/economy/fund/expenses/" + id;
        } catch (ProblemException e) {
            flash.addFlashAttribute("error", problems.text(e));
            return e.status().value() == 404 ? "redirect:/economy/fund" : "redirect:/economy/fund/expenses/" + id;
        }
    }

    // ---- the statement and the merchant's donations -------------------------------------------------

    @GetMapping("/economy/communities/{id}/fund/statement")
    String statement(@PathVariable long id, @RequestParam(required = false) String month, Model model) {
        GridworkUser user = CurrentUser.get();
        Integer m;
        try {
            m = FundStatement.month(month);
        } catch (ProblemException e) {
            model.addAttribute("error", problems.text(e));
            m = null;
        }
        model.addAttribute("statement", statement.statement(id, m, user));
        model.addAttribute("staff", funds.isStaff(id, user));
        return "economy/fund-statement";
    }

    @GetMapping("/economy/shop/donations")
    String myDonations(Model model) {
        GridworkUser user = CurrentUser.get();
        model.addAttribute("shop", merchants.ofAccount(user.accountId()).orElse(null));
        model.addAttribute("donations", merchants.ofAccount(user.accountId()).isPresent() ? donations.ofMerchant(user) : List.of());
        return "economy/fund-donations";
    }

    /** Runs a staff form's action and redirects to the fund page, saying what was done or why it was refused. */
    private String act(RedirectAttributes flash, Runnable action, String done, String page) {
        try {
            action.run();
            flash.addFlashAttribute("done", done);
        } catch (ProblemException e) {
            flash.addFlashAttribute("error", problems.text(e));
        }
        return "redirect:" + page;
    }
}

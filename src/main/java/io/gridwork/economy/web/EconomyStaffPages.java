package io.gridwork.economy.web;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gridwork.economy.internal.Circulation;
import io.gridwork.economy.internal.Communities;
import io.gridwork.economy.internal.Corrections;
import io.gridwork.economy.internal.Ledger;
import io.gridwork.economy.internal.Merchants;
import io.gridwork.economy.internal.Rules;
import io.gridwork.economy.internal.Volunteering;
import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.shared.web.ProblemMessages;

/**
 * The community staff's pages of the economy: the community's points at a glance with the circulation by month,
 * shops to verify, volunteering to record, verify and credit, the earning and redemption rules, the postings (with
 * reversal) and the holders (with write-off). Forms post and redirect to the page they came from.
 */
@Controller
class EconomyStaffPages {

    private final Communities communities;
    private final Merchants merchants;
    private final Rules rules;
    private final Volunteering volunteering;
    private final Corrections corrections;
    private final Circulation circulation;
    private final ProblemMessages problems;
    private final Ledger ledger;

    EconomyStaffPages(Communities communities, Merchants merchants, Rules rules, Volunteering volunteering,
            Corrections corrections, Circulation circulation, ProblemMessages problems, Ledger ledger) {
        this.ledger = ledger;
        this.communities = communities;
        this.merchants = merchants;
        this.rules = rules;
        this.volunteering = volunteering;
        this.corrections = corrections;
        this.circulation = circulation;
        this.problems = problems;
    }

    @GetMapping("/economy")
    String picker(@RequestParam(required = false) String q, Model model) {
        List<GridNode> list = communities.inScope(CurrentUser.get(), q);
        if (list.size() == 1 && (q == null || q.isBlank()) && !model.containsAttribute("error")) {
            return "redirect:/economy/communities/" + list.get(0).id();
        }
        model.addAttribute("communities", list.stream().limit(Communities.PICKER_LIMIT).toList());
        model.addAttribute("more", list.size() > Communities.PICKER_LIMIT);
        model.addAttribute("q", q == null ? "" : q);
        return "economy/communities";
    }

    private GridNode community(long id, Model model, String tab) {
        GridNode c = communities.forStaff(id, CurrentUser.get());
        model.addAttribute("community", c);
        model.addAttribute("tab", tab);
        return c;
    }

    @GetMapping("/economy/communities/{id}")
    String overview(@PathVariable long id, Model model) {
        community(id, model, "overview");
        model.addAttribute("report", circulation.report(id, CurrentUser.get()));
        model.addAttribute("pendingMerchants", merchants.list(id, Merchants.Status.PENDING, CurrentUser.get()).size());
        model.addAttribute("toVerify", volunteering.list(id, Volunteering.Status.RECORDED, 500, CurrentUser.get()).size());
        model.addAttribute("toCredit", volunteering.list(id, Volunteering.Status.VERIFIED, 500, CurrentUser.get()).size());
        return "economy/overview";
    }

    // ---- merchants ------------------------------------------------------------------------------

    @GetMapping("/economy/communities/{id}/merchants")
    String merchants(@PathVariable long id, Model model) {
        community(id, model, "merchants");
        model.addAttribute("merchants", merchants.list(id, null, CurrentUser.get()));
        return "economy/merchants";
    }

    @PostMapping("/economy/merchants/{id}/verify")
    String verifyMerchant(@PathVariable long id, RedirectAttributes flash) {
        return act(flash, () -> merchants.verify(id, CurrentUser.get()).communityId(), "/merchants", "verified",
                () -> merchants.find(id).map(Merchants.Merchant::communityId).orElse(null));
    }

    @PostMapping("/economy/merchants/{id}/reject")
    String rejectMerchant(@PathVariable long id, @RequestParam(required = false) String reason, RedirectAttributes flash) {
        return act(flash, () -> merchants.reject(id, reason, CurrentUser.get()).communityId(), "/merchants", "rejected",
                () -> merchants.find(id).map(Merchants.Merchant::communityId).orElse(null));
    }

    // ---- volunteering ---------------------------------------------------------------------------

    @GetMapping("/economy/communities/{id}/volunteering")
    String volunteering(@PathVariable long id, @RequestParam(required = false) String q, @RequestParam(required = false) Long personId,
            Model model) {
        community(id, model, "volunteering");
        GridworkUser user = CurrentUser.get();
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("candidates", volunteering.candidates(id, q, user));
        model.addAttribute("personId", personId);
        model.addAttribute("rules", rules.earnRules(id, false));
        model.addAttribute("records", volunteering.list(id, null, 100, user));
        model.addAttribute("today", LocalDate.now(EconomyFormat.ZONE));
        model.addAttribute("key", UUID.randomUUID().toString());
        return "economy/volunteering";
    }

    @PostMapping("/economy/communities/{id}/volunteering")
    String record(@PathVariable long id, @RequestParam(required = false) Long personId, @RequestParam(required = false) Long ruleId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate servedOn,
            @RequestParam(required = false) BigDecimal amount, @RequestParam(required = false) String description,
            RedirectAttributes flash) {
        return act(flash, () -> {
            Rules.EarnRule rule = ruleId == null ? null : rules.earnRule(ruleId).orElse(null);
            boolean tasks = rule != null && rule.unit() == Rules.Unit.TASK;
            Integer taskCount = null;
            if (tasks && amount != null) {
                try {
                    taskCount = amount.intValueExact();
                } catch (ArithmeticException e) {
                    throw ProblemException.badRequest("invalid-tasks", "tasks are whole numbers", Map.of("field", "tasks"));
                }
            }
            return volunteering.record(id, new Volunteering.NewRecord(personId, ruleId, servedOn, tasks ? null : amount, taskCount,
                    description), CurrentUser.get()).communityId();
        }, "/volunteering", "recorded", () -> id);
    }

    @PostMapping("/economy/volunteering/{id}/verify")
    String verifyRecord(@PathVariable long id, RedirectAttributes flash) {
        return act(flash, () -> volunteering.verify(id, CurrentUser.get()).communityId(), "/volunteering", "verified",
                () -> recordCommunity(id));
    }

    @PostMapping("/economy/volunteering/{id}/reject")
    String rejectRecord(@PathVariable long id, @RequestParam(required = false) String reason, RedirectAttributes flash) {
        return act(flash, () -> volunteering.reject(id, reason, CurrentUser.get()).communityId(), "/volunteering", "rejected",
                () -> recordCommunity(id));
    }

    @PostMapping("/economy/volunteering/{id}/credit")
    String credit(@PathVariable long id, @RequestParam(required = false) String key, RedirectAttributes flash) {
        return act(flash, () -> {
            volunteering.credit(id, key, CurrentUser.get());
            return recordCommunity(id);
        }, "/volunteering", "credited", () -> recordCommunity(id));
    }

    private Long recordCommunity(long id) {
        return volunteering.find(id).map(Volunteering.VolunteerRecord::communityId).orElse(null);
    }

    // ---- rules ----------------------------------------------------------------------------------

    @GetMapping("/economy/communities/{id}/rules")
    String rules(@PathVariable long id, Model model) {
        community(id, model, "rules");
        model.addAttribute("rules", rules.earnRules(id, true));
        model.addAttribute("redeem", rules.redeemRule(id));
        return "economy/rules";
    }

    @PostMapping("/economy/communities/{id}/rules")
    String publish(@PathVariable long id, @RequestParam(required = false) String name, @RequestParam(required = false) Rules.Unit unit,
            @RequestParam(required = false) Integer points, RedirectAttributes flash) {
        return act(flash, () -> rules.publish(id, new Rules.NewEarnRule(name, unit, points), CurrentUser.get()).communityId(),
                "/rules", "published", () -> id);
    }

    @PostMapping("/economy/rules/{id}/retire")
    String retire(@PathVariable long id, RedirectAttributes flash) {
        return act(flash, () -> rules.retire(id, CurrentUser.get()).communityId(), "/rules", "retired",
                () -> rules.earnRule(id).map(Rules.EarnRule::communityId).orElse(null));
    }

    @PostMapping("/economy/communities/{id}/redemption-rule")
    String redeemRule(@PathVariable long id, @RequestParam(required = false) BigDecimal stepYuan,
            @RequestParam(required = false) Integer stepPoints, @RequestParam(required = false) BigDecimal pointYuan,
            RedirectAttributes flash) {
        return act(flash, () -> {
            rules.setRedeemRule(id, new Rules.NewRedeemRule(fen(stepYuan, "stepFen"), stepPoints, fen(pointYuan, "fenPerPoint")),
                    CurrentUser.get());
            return id;
        }, "/rules", "redeemSet", () -> id);
    }

    private static Integer fen(BigDecimal yuan, String field) {
        if (yuan == null) {
            return null;
        }
        try {
            return yuan.movePointRight(2).intValueExact();
        } catch (ArithmeticException e) {
            throw ProblemException.badRequest("invalid-redeem-rule", "amounts are yuan with at most two decimals",
                    Map.of("field", field));
        }
    }

    // ---- postings and holders -------------------------------------------------------------------

    @GetMapping("/economy/communities/{id}/postings")
    String postings(@PathVariable long id, Model model) {
        community(id, model, "postings");
        model.addAttribute("rows", corrections.postings(id, 100, CurrentUser.get()));
        model.addAttribute("key", UUID.randomUUID().toString());
        return "economy/postings";
    }

    @PostMapping("/economy/postings/{id}/reverse")
    String reverse(@PathVariable long id, @RequestParam(required = false) String reason, @RequestParam(required = false) String key,
            RedirectAttributes flash) {
        return act(flash, () -> corrections.reverse(id, reason, key, CurrentUser.get()).communityId(), "/postings", "reversed",
                () -> ledger.posting(id).map(Ledger.Posting::communityId).orElse(null));
    }

    @GetMapping("/economy/communities/{id}/accounts")
    String accounts(@PathVariable long id, Model model) {
        community(id, model, "accounts");
        model.addAttribute("residents", circulation.holders(id, Ledger.AccountKind.RESIDENT.name(), 200, CurrentUser.get()));
        model.addAttribute("merchants", circulation.holders(id, Ledger.AccountKind.MERCHANT.name(), 200, CurrentUser.get()));
        model.addAttribute("key", UUID.randomUUID().toString());
        return "economy/accounts";
    }

    @PostMapping("/economy/accounts/{id}/write-off")
    String writeOff(@PathVariable long id, @RequestParam(required = false) Long points, @RequestParam(required = false) String reason,
            @RequestParam(required = false) String key, RedirectAttributes flash) {
        return act(flash, () -> corrections.writeOff(id, points, reason, key, CurrentUser.get()).communityId(), "/accounts",
                "writtenOff", () -> ledger.communityOfAccount(id).orElse(null));
    }

    /**
     * Runs a form's action and redirects to the community's page {@code tab}, saying what was done; a refusal is
     * shown there (or, when the target does not exist, on the community picker).
     */
    private String act(RedirectAttributes flash, Supplier<Long> action, String tab, String done, Supplier<Long> communityOnError) {
        try {
            long community = action.get();
            flash.addFlashAttribute("done", done);
            return "redirect:/economy/communities/" + community + tab;
        } catch (ProblemException e) {
            flash.addFlashAttribute("error", problems.text(e));
            Long community = e.status().value() == 404 ? null : communityOnError.get();
            return community == null ? "redirect:/economy" : "redirect:/economy/communities/" + community + tab;
        }
    }
}

package io.gridwork.economy.web;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gridwork.economy.internal.Communities;
import io.gridwork.economy.internal.Ledger;
import io.gridwork.economy.internal.Merchants;
import io.gridwork.economy.internal.Payments;
import io.gridwork.economy.internal.Rules;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.shared.web.ProblemMessages;

/**
 * Phone pages of residents and merchants: my points (我的信义贝), confirming a payment after scanning a merchant's
 * code, and the merchant's shop (registration, status, collecting a payment by QR, points and history). Forms post
 * and redirect; a refusal comes back as a message on the page in the viewer's language.
 */
@Controller
class EconomyPages {

    private final Merchants merchants;
    private final Payments payments;
    private final Rules rules;
    private final Ledger ledger;
    private final Communities communities;
    private final EconomyViews views;
    private final ProblemMessages problems;

    EconomyPages(Merchants merchants, Payments payments, Rules rules, Ledger ledger, Communities communities, EconomyViews views,
            ProblemMessages problems) {
        this.merchants = merchants;
        this.payments = payments;
        this.rules = rules;
        this.ledger = ledger;
        this.communities = communities;
        this.views = views;
        this.problems = problems;
    }

    // ---- residents ------------------------------------------------------------------------------

    @GetMapping("/economy/points")
    String points(Model model) {
        model.addAttribute("me", views.myPoints(CurrentUser.get(), 50));
        return "economy/points";
    }

    @GetMapping("/economy/pay/{token}")
    String pay(@PathVariable String token, Model model) {
        GridworkUser user = CurrentUser.get();
        Payments.Payment p = payments.forResident(token);
        model.addAttribute("payment", p);
        model.addAttribute("balance", payments.balanceOf(user, p.communityId()));
        model.addAttribute("hasPerson", user.personId() != null);
        model.addAttribute("key", UUID.randomUUID().toString());
        return "economy/pay";
    }

    @PostMapping("/economy/pay/{token}")
    String confirm(@PathVariable String token, @RequestParam(required = false) String key, RedirectAttributes flash) {
        GridworkUser user = CurrentUser.get();
        try {
            Ledger.Posting posting = payments.confirm(token, key, user);
            flash.addFlashAttribute("paidPoints", posting.points());
        } catch (ProblemException e) {
            if (e.status().value() == 404) {
                throw e;
            }
            flash.addFlashAttribute("error", problems.text(e));
        }
        return "redirect:/economy/pay/" + token;
    }

    // ---- merchants ------------------------------------------------------------------------------

    @GetMapping("/economy/shop")
    String shop(@RequestParam(required = false) String q, Model model) {
        GridworkUser user = CurrentUser.get();
        Merchants.Merchant shop = merchants.ofAccount(user.accountId()).orElse(null);
        model.addAttribute("shop", shop);
        if (shop == null || shop.status() == Merchants.Status.REJECTED) {
            model.addAttribute("communities", communities.all(q).stream()
                    .map(c -> new Option(c.id(), c.name(), communities.streetOf(c))).toList());
            model.addAttribute("q", q == null ? "" : q);
        }
        if (shop != null) {
            var account = ledger.findAccount(shop.communityId(), Ledger.AccountKind.MERCHANT, shop.id());
            model.addAttribute("balance", account.map(a -> ledger.balance(a.id())).orElse(0L));
            model.addAttribute("history", account.map(a -> views.maskResidents(ledger.history(a.id(), 30))).orElse(List.of()));
            model.addAttribute("recent", payments.recent(shop.id(), 10));
            model.addAttribute("rule", rules.redeemRule(shop.communityId()));
        }
        return "economy/shop";
    }

    /** A community on the registration form, with its street to tell namesakes apart. */
    record Option(long id, String name, String street) {
    }

    @PostMapping("/economy/shop")
    String register(@RequestParam(required = false) Long communityId, @RequestParam(required = false) String name,
            @RequestParam(required = false) String address, @RequestParam(required = false) String contactName,
            @RequestParam(required = false) String phone, RedirectAttributes flash) {
        try {
            merchants.register(new Merchants.NewMerchant(communityId, name, address, contactName, phone), CurrentUser.get());
            flash.addFlashAttribute("registered", true);
        } catch (ProblemException e) {
            flash.addFlashAttribute("error", problems.text(e));
        }
        return "redirect:/economy/shop";
    }

    @PostMapping("/economy/shop/payments")
    String requestPayment(@RequestParam(required = false) String amount, RedirectAttributes flash) {
        try {
            Payments.Payment p = payments.request(new Payments.NewPayment(fen(amount)), CurrentUser.get());
            return "redirect:/economy/shop/payments/" + p.id();
        } catch (ProblemException e) {
            flash.addFlashAttribute("error", problems.text(e));
            flash.addFlashAttribute("amount", amount);
            return "redirect:/economy/shop";
        }
    }

    /** "95", "95.5", "¥95.50" → 9550; anything else is refused. */
    static Long fen(String yuan) {
        if (yuan == null || yuan.isBlank()) {
            return null;
        }
        String v = yuan.strip().replace("¥", "").replace("￥", "").replace(",", "").strip();
        try {
            BigDecimal d = new BigDecimal(v);
            if (d.scale() > 2) {
                throw new NumberFormatException();
            }
            return d.movePointRight(2).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw ProblemException.badRequest("invalid-amount", "the amount is yuan with at most two decimals",
                    Map.of("field", "purchaseFen"));
        }
    }

    @GetMapping("/economy/shop/payments/{id}")
    String payment(@PathVariable long id, Model model) {
        model.addAttribute("view", views.payment(payments.forMerchant(id, CurrentUser.get())));
        return "economy/payment";
    }

    /** The status part of the payment page, polled while the request is open. */
    @GetMapping("/economy/shop/payments/{id}/status")
    String paymentStatus(@PathVariable long id, Model model) {
        model.addAttribute("view", views.payment(payments.forMerchant(id, CurrentUser.get())));
        return "economy/payment :: status";
    }

    @PostMapping("/economy/shop/payments/{id}/cancel")
    String cancel(@PathVariable long id, RedirectAttributes flash) {
        try {
            payments.cancel(id, CurrentUser.get());
        } catch (ProblemException e) {
            if (e.status().value() == 404) {
                throw e;
            }
            flash.addFlashAttribute("error", problems.text(e));
        }
        return "redirect:/economy/shop/payments/" + id;
    }
}

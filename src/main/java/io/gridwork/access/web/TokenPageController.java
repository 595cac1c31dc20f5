package io.gridwork.access.web;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gridwork.access.AccountApi;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.shared.web.ProblemMessages;

@Controller
class TokenPageController {

    private final ProblemMessages problems;
    private final AccountApi accounts;

    TokenPageController(AccountApi accounts, ProblemMessages problems) {
        this.problems = problems;
        this.accounts = accounts;
    }

    @GetMapping("/me/tokens")
    String page(Model model) {
        model.addAttribute("tokens", accounts.tokens(CurrentUser.get().accountId()));
        return "tokens";
    }

    @PostMapping("/me/tokens")
    String create(@RequestParam String name, @RequestParam(required = false) Integer days, RedirectAttributes flash) {
        try {
            if (days != null && (days < 1 || days > 3650)) {
                throw ProblemException.badRequest("invalid-days", "1–3650");
            }
            Instant expires = days == null ? null : Instant.now().plus(days, ChronoUnit.DAYS);
            flash.addFlashAttribute("issued", accounts.issueToken(CurrentUser.get().accountId(), name, expires).token());
        } catch (ProblemException e) {
            flash.addFlashAttribute("error", problems.text(e));
        }
        return "redirect:/me/tokens";
    }

    @PostMapping("/me/tokens/{id}/revoke")
    String revoke(@PathVariable long id) {
        accounts.revokeToken(CurrentUser.get().accountId(), id);
        return "redirect:/me/tokens";
    }
}

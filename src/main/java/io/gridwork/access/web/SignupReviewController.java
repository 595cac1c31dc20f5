package io.gridwork.access.web;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gridwork.access.internal.SignupService;
import io.gridwork.access.internal.SignupService.SignupView;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.shared.web.ProblemMessages;

/**
 * Workers of the register (REGISTER roles) confirm residents' sign-ups in their grids: they pick the room and
 * check the resident against the household's members by name and the last 4 characters of the ID number,
 * which is never shown; or they reject with a reason.
 */
@Controller
class SignupReviewController {

    private final SignupService signups;
    private final ProblemMessages problems;
    private final MessageSource messages;

    SignupReviewController(SignupService signups, ProblemMessages problems, MessageSource messages) {
        this.signups = signups;
        this.problems = problems;
        this.messages = messages;
    }

    @GetMapping("/signups")
    String list(Model model) {
        GridworkUser user = CurrentUser.get();
        model.addAttribute("pending", signups.inScope(user, SignupService.Status.PENDING));
        return "signup/list";
    }

    @GetMapping("/signups/{id}")
    String show(@PathVariable long id, Model model) {
        return page(signups.forWorker(id, CurrentUser.get()), null, null, model);
    }

    @PostMapping("/signups/{id}/confirm")
    String confirm(@PathVariable long id, @RequestParam(required = false) Long householdId,
            @RequestParam(required = false) String name, @RequestParam(required = false) String idSuffix, Model model,
            RedirectAttributes flash) {
        GridworkUser user = CurrentUser.get();
        SignupView s = signups.forWorker(id, user);
        try {
            if (householdId == null) {
                throw ProblemException.badRequest("household-not-in-unit", "choose a room of the unit the resident gave");
            }
            signups.confirm(id, householdId, name, idSuffix, user);
            flash.addFlashAttribute("notice", msg("signups.confirmed", s.name()));
            return "redirect:/signups";
        } catch (ProblemException e) {
            model.addAttribute("error", problems.text(e));
            return page(s, householdId, name, model);
        }
    }

    @PostMapping("/signups/{id}/reject")
    String reject(@PathVariable long id, @RequestParam(required = false) String reason, Model model, RedirectAttributes flash) {
        GridworkUser user = CurrentUser.get();
        SignupView s = signups.forWorker(id, user);
        try {
            signups.reject(id, reason, user);
            flash.addFlashAttribute("notice", msg("signups.rejected", s.name()));
            return "redirect:/signups";
        } catch (ProblemException e) {
            model.addAttribute("error", problems.text(e));
            model.addAttribute("reason", reason);
            return page(s, null, null, model);
        }
    }

    private String page(SignupView s, Long householdId, String name, Model model) {
        model.addAttribute("s", s);
        model.addAttribute("rooms", signups.roomsOf(s.unitId()));
        model.addAttribute("selectedRoom", householdId != null ? householdId : s.householdId());
        model.addAttribute("name", name != null ? name : s.name());
        return "signup/review";
    }

    private String msg(String key, Object... args) {
        return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
    }
}

package io.gridwork.notify.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gridwork.grid.GridNode;
import io.gridwork.notify.internal.SupervisionDigest;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.shared.web.ProblemMessages;

/** The community's setting of the daily supervision digest (每日督办摘要): who gets it and at which hour; its last runs. */
@Controller
class DigestPageController {

    private final SupervisionDigest digest;
    private final ProblemMessages problems;

    DigestPageController(SupervisionDigest digest, ProblemMessages problems) {
        this.digest = digest;
        this.problems = problems;
    }

    @GetMapping("/notify/digest")
    String page(@RequestParam(required = false) Long community, Model model) {
        GridNode c = digest.community(community, CurrentUser.get());
        model.addAttribute("community", c);
        model.addAttribute("setting", digest.setting(c.id()).orElse(null));
        model.addAttribute("choices", digest.choices(c));
        model.addAttribute("runs", digest.runs(c.id(), 14));
        model.addAttribute("hours", java.util.stream.IntStream.range(0, 24).boxed().toList());
        return "notify/digest";
    }

    @PostMapping("/notify/digest")
    String save(@RequestParam(required = false) Long community, @RequestParam(required = false) String accountId,
            @RequestParam(required = false) String hour, @RequestParam(required = false) String enabled, RedirectAttributes flash) {
        GridworkUser user = CurrentUser.get();
        GridNode c = digest.community(community, user);
        try {
            digest.save(c, number(accountId, "digest-invalid-person"), number(hour, "digest-invalid-hour") == null ? null
                    : number(hour, "digest-invalid-hour").intValue(), enabled != null, user);
            flash.addFlashAttribute("done", "saved");
        } catch (ProblemException e) {
            if (e.refusesCaller()) {
                throw e;
            }
            flash.addFlashAttribute("error", problems.text(e));
        }
        return "redirect:/notify/digest?community=" + c.id();
    }

    private static Long number(String s, String code) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Long.valueOf(s.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(code, "not a number");
        }
    }
}

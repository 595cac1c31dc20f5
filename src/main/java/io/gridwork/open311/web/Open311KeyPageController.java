package io.gridwork.open311.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gridwork.open311.internal.Open311Keys;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.shared.web.ProblemMessages;

/** The page where admins and street staff issue and revoke Open311 keys; a new key is shown once. */
@Controller
class Open311KeyPageController {

    private final Open311Keys keys;
    private final ProblemMessages problems;

    Open311KeyPageController(Open311Keys keys, ProblemMessages problems) {
        this.keys = keys;
        this.problems = problems;
    }

    @GetMapping("/open311/keys")
    String page(Model model) {
        model.addAttribute("keys", keys.list(CurrentUser.get()));
        return "open311/keys";
    }

    @PostMapping("/open311/keys")
    String issue(@RequestParam(required = false) String name, @RequestParam(required = false) String jurisdiction,
            @RequestParam(required = false) Integer perMinute, RedirectAttributes flash) {
        try {
            Open311Keys.Issued issued = keys.issue(name, jurisdiction, perMinute, CurrentUser.get());
            flash.addFlashAttribute("issued", issued.key());
        } catch (ProblemException e) {
            flash.addFlashAttribute("error", problems.text(e));
        }
        return "redirect:/open311/keys";
    }

    @PostMapping("/open311/keys/{id}/revoke")
    String revoke(@PathVariable long id, RedirectAttributes flash) {
        try {
            keys.revoke(id, CurrentUser.get());
        } catch (ProblemException e) {
            flash.addFlashAttribute("error", problems.text(e));
        }
        return "redirect:/open311/keys";
    }
}

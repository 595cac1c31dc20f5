package io.gridwork.transparency.web;

import java.util.function.Supplier;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gridwork.shared.web.ProblemException;
import io.gridwork.shared.web.ProblemMessages;

/** Runs a page form's action: redirects where it says with what was done, or back with the refusal in the viewer's language. */
@Component
class Forms {

    private final ProblemMessages problems;

    Forms(ProblemMessages problems) {
        this.problems = problems;
    }

    /** On a refusal, back to the page the form came from (or, when its target is out of reach, to the picker). */
    String act(RedirectAttributes flash, Supplier<String> action, String done, Supplier<String> back) {
        try {
            String to = action.get();
            flash.addFlashAttribute("done", done);
            return "redirect:" + to;
        } catch (ProblemException e) {
            flash.addFlashAttribute("error", problems.text(e));
            return "redirect:" + (e.status().value() == 404 ? "/transparency" : back.get());
        }
    }
}

package io.gridwork.votes.web;

import java.util.function.Supplier;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gridwork.shared.web.ProblemException;
import io.gridwork.shared.web.ProblemMessages;

/** Runs a votes page form: redirects where it says with what was done, or back with the refusal in the viewer's language. */
@Component("votesForms")
class Forms {

    private final ProblemMessages problems;

    Forms(ProblemMessages problems) {
        this.problems = problems;
    }

    String act(RedirectAttributes flash, Supplier<String> action, String done, Supplier<String> back) {
        try {
            String to = action.get();
            flash.addFlashAttribute("done", done);
            return "redirect:" + to;
        } catch (ProblemException e) {
            if (e.refusesCaller()) {
                throw e;
            }
            flash.addFlashAttribute("error", problems.text(e));
            return "redirect:" + back.get();
        }
    }
}

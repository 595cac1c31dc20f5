package io.gridwork.deliberation.web;

import java.util.List;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gridwork.deliberation.internal.Results;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.shared.web.ProblemMessages;
import jakarta.servlet.http.HttpServletRequest;

/** The results of a decision on its page, and the bulk update from a spreadsheet (template, upload, row faults in words). */
@Controller
class ResultPages {

    private final Results results;
    private final ProblemMessages problems;
    private final MessageSource messages;

    ResultPages(Results results, ProblemMessages problems, MessageSource messages) {
        this.results = results;
        this.problems = problems;
        this.messages = messages;
    }

    @PostMapping("/deliberation/decisions/{id}/results")
    String add(@PathVariable long id, @RequestParam(required = false) Long parentId, @RequestParam(required = false) String title,
            @RequestParam(required = false) Integer weight, RedirectAttributes flash) {
        String back = "redirect:/deliberation/decisions/" + id + "#results";
        try {
            results.add(id, new Results.NewResult(parentId, title, weight), CurrentUser.get());
            flash.addFlashAttribute("done", "resultAdded");
        } catch (ProblemException e) {
            if (e.refusesCaller()) {
                throw e;
            }
            flash.addFlashAttribute("error", problems.text(e));
        }
        return back;
    }

    @PostMapping("/deliberation/results/{id}/progress")
    String progress(@PathVariable long id, @RequestParam(required = false) Long decisionId, @RequestParam(required = false) Integer progress,
            @RequestParam(required = false) String note, RedirectAttributes flash) {
        try {
            results.progress(id, progress, note, CurrentUser.get());
            flash.addFlashAttribute("done", "updated");
        } catch (ProblemException e) {
            if (e.refusesCaller()) {
                throw e;
            }
            flash.addFlashAttribute("error", problems.text(e));
        }
        return decisionId == null ? "redirect:/deliberation/decisions" : "redirect:/deliberation/decisions/" + decisionId + "#results";
    }

    @GetMapping("/deliberation/result-sheet")
    String sheet() {
        return "deliberation/result-sheet";
    }

    @GetMapping("/deliberation/result-sheet/template")
    ResponseEntity<byte[]> template(Locale locale) {
        return ResultApiController.sheet(results.template(CurrentUser.get(), locale));
    }

    @PostMapping("/deliberation/result-sheet")
    String upload(HttpServletRequest request, Model model, Locale locale) {
        try {
            int n = results.upload(ResultApiController.file(request), CurrentUser.get());
            model.addAttribute("updated", n);
        } catch (Results.SheetRefused e) {
            List<String> rows = e.rows().stream().map(r -> messages.getMessage("delib.sheet.row", new Object[] {r.line(),
                    messages.getMessage("delib.sheet.err." + r.code(), r.args().toArray(), locale)}, locale)).toList();
            model.addAttribute("rowErrors", rows);
        } catch (ProblemException e) {
            if (e.refusesCaller()) {
                throw e;
            }
            model.addAttribute("error", problems.text(e));
        }
        return "deliberation/result-sheet";
    }
}

package io.gridwork.notify.web;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gridwork.notify.internal.Groups;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.shared.web.ProblemMessages;

/**
 * The group matrix pages: audiences (and the notices one received), one audience with its managers, robot
 * and publishing form, and one notice with the reader's answer, the Q&A thread and, for managers, the results.
 * Refused actions come back as a message on the page; a 403 stays a 403.
 */
@Controller
class GroupPageController {

    private final Groups groups;
    private final ProblemMessages problems;

    GroupPageController(Groups groups, ProblemMessages problems) {
        this.groups = groups;
        this.problems = problems;
    }

    @GetMapping("/groups")
    String list(Model model) {
        GridworkUser user = CurrentUser.get();
        model.addAttribute("audiences", groups.list(user));
        model.addAttribute("received", groups.received(user.accountId()));
        model.addAttribute("staff", user.isStaff());
        return "notify/groups";
    }

    @PostMapping("/groups")
    String create(@RequestParam(required = false) Long gridId, @RequestParam(required = false) Long buildingId,
            @RequestParam(required = false) String name, RedirectAttributes flash) {
        try {
            Groups.Audience a = groups.create(gridId, buildingId, name, CurrentUser.get());
            return "redirect:/groups/" + a.id();
        } catch (ProblemException e) {
            return refuse(e, flash, "redirect:/groups");
        }
    }

    @GetMapping("/groups/{id}")
    String audience(@PathVariable long id, Model model) {
        model.addAttribute("v", groups.audienceView(id, CurrentUser.get()));
        model.addAttribute("types", Groups.NoticeType.values());
        model.addAttribute("roles", Groups.ManagerRole.values());
        model.addAttribute("staff", CurrentUser.get().isStaff());
        return "notify/audience";
    }

    /** The manager form's search for a group owner who is not staff: the group's members by name. */
    @GetMapping("/groups/{id}/members")
    String members(@PathVariable long id, @RequestParam(required = false) String q,
            @RequestParam(defaultValue = "accountId") String field, Model model) {
        boolean asked = q != null && !q.isBlank();
        model.addAttribute("accounts", groups.searchMembers(id, q, 10, CurrentUser.get())); // refuses all but owners, asked or not
        model.addAttribute("q", asked ? q : null);
        model.addAttribute("field", field.matches("[A-Za-z]{1,40}") ? field : "accountId");
        return "fragments/pickers :: accountResults";
    }

    @PostMapping("/groups/{id}/webhook")
    String webhook(@PathVariable long id, @RequestParam(required = false) String url, RedirectAttributes flash) {
        return act(flash, "redirect:/groups/" + id, () -> groups.setWebhook(id, url, true, CurrentUser.get()));
    }

    @PostMapping("/groups/{id}/managers")
    String manager(@PathVariable long id, @RequestParam(required = false) Long accountId,
            @RequestParam(required = false) String role, RedirectAttributes flash) {
        return act(flash, "redirect:/groups/" + id, () -> {
            boolean remove = "REMOVE".equals(role);
            Groups.ManagerRole r = null;
            if (!remove && role != null && !role.isBlank()) {
                try {
                    r = Groups.ManagerRole.valueOf(role);
                } catch (IllegalArgumentException e) {
                    r = null;
                }
            }
            groups.setManager(id, accountId, r, remove, CurrentUser.get());
        });
    }

    @PostMapping("/groups/{id}/notices")
    String publish(@PathVariable long id, @RequestParam(required = false) Groups.NoticeType type,
            @RequestParam(required = false) String title, @RequestParam(required = false) String body,
            @RequestParam(required = false) String options, @RequestParam(required = false) String dueAt,
            RedirectAttributes flash) {
        try {
            List<String> opts = options == null || options.isBlank() ? List.of() : Arrays.asList(options.split("[\\n,，]"));
            Groups.Notice n = groups.publish(id, type, title, body, opts, parseLocal(dueAt), CurrentUser.get());
            return "redirect:/notices/" + n.id();
        } catch (ProblemException e) {
            return refuse(e, flash, "redirect:/groups/" + id);
        }
    }

    @GetMapping("/notices/{id}")
    String notice(@PathVariable long id, Model model) {
        GridworkUser user = CurrentUser.get();
        Groups.NoticeView v = groups.noticeView(id, user);
        if (v.recipient() && v.readAt() == null) {
            groups.markRead(id, user);
            v = groups.noticeView(id, user);
        }
        model.addAttribute("v", v);
        model.addAttribute("n", v.notice());
        model.addAttribute("questions", groups.questions(id, user));
        if (v.canManage()) {
            model.addAttribute("results", groups.results(id, user));
        }
        return "notify/notice";
    }

    @PostMapping("/notices/{id}/answer")
    String answer(@PathVariable long id, @RequestParam(required = false) String answer, RedirectAttributes flash) {
        return act(flash, "redirect:/notices/" + id, () -> groups.answer(id, answer, CurrentUser.get()), "notify.task.answered");
    }

    @PostMapping("/notices/{id}/remind")
    String remind(@PathVariable long id, RedirectAttributes flash) {
        try {
            int n = groups.remind(id, CurrentUser.get());
            flash.addFlashAttribute("notice", "notify.task.reminded");
            flash.addFlashAttribute("noticeArg", n);
        } catch (ProblemException e) {
            return refuse(e, flash, "redirect:/notices/" + id);
        }
        return "redirect:/notices/" + id;
    }

    @PostMapping("/notices/{id}/questions")
    String ask(@PathVariable long id, @RequestParam(required = false) String body, RedirectAttributes flash) {
        return act(flash, "redirect:/notices/" + id + "#qa", () -> groups.askQuestion(id, body, CurrentUser.get()));
    }

    @PostMapping("/notices/{id}/questions/{questionId}/reply")
    String reply(@PathVariable long id, @PathVariable long questionId, @RequestParam(required = false) String reply,
            RedirectAttributes flash) {
        return act(flash, "redirect:/notices/" + id + "#qa", () -> groups.replyTo(id, questionId, reply, CurrentUser.get()));
    }

    private String act(RedirectAttributes flash, String target, Runnable action) {
        return act(flash, target, action, "notify.saved");
    }

    private String act(RedirectAttributes flash, String target, Runnable action, String doneKey) {
        try {
            action.run();
            flash.addFlashAttribute("notice", doneKey);
        } catch (ProblemException e) {
            return refuse(e, flash, target);
        }
        return target;
    }

    private String refuse(ProblemException e, RedirectAttributes flash, String target) {
        if (e.refusesCaller()) {
            throw e; // not this viewer's to do, or nothing there: an error page
        }
        flash.addFlashAttribute("error", problems.text(e));
        return target;
    }

    private static Instant parseLocal(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value).atZone(ZoneId.of("Asia/Shanghai")).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("invalid-due", "the due time is not a date and time", Map.of("field", "dueAt"));
        }
    }
}

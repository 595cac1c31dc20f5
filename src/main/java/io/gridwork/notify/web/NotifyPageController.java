package io.gridwork.notify.web;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gridwork.notify.internal.ChannelType;
import io.gridwork.notify.internal.DeliveryLog;
import io.gridwork.notify.internal.Inbox;
import io.gridwork.notify.internal.Kind;
import io.gridwork.notify.internal.Preferences;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.shared.web.ProblemMessages;

/** The inbox, the unread badge of the header, preferences and the delivery log. */
@Controller
class NotifyPageController {

    private final Inbox inbox;
    private final Preferences preferences;
    private final DeliveryLog log;
    private final ProblemMessages problems;

    NotifyPageController(Inbox inbox, Preferences preferences, DeliveryLog log, ProblemMessages problems) {
        this.inbox = inbox;
        this.preferences = preferences;
        this.log = log;
        this.problems = problems;
    }

    @GetMapping("/notify/inbox")
    String inbox(@RequestParam(defaultValue = "false") boolean unread, Model model) {
        long account = CurrentUser.get().accountId();
        model.addAttribute("entries", inbox.list(account, unread, 100, Long.MAX_VALUE));
        model.addAttribute("unread", inbox.unread(account));
        model.addAttribute("unreadOnly", unread);
        return "notify/inbox";
    }

    /** The header's badge (loaded by htmx on every page). */
    @GetMapping("/notify/unread")
    String unread(Model model) {
        model.addAttribute("unread", inbox.unread(CurrentUser.get().accountId()));
        return "notify/fragments :: badge";
    }

    /** Opens a message: marks it read and follows its link. */
    @PostMapping("/notify/inbox/{id}/read")
    String read(@PathVariable long id) {
        long account = CurrentUser.get().accountId();
        inbox.markRead(account, id);
        String link = inbox.list(account, false, 1, id + 1).stream().filter(e -> e.id() == id).findFirst()
                .map(Inbox.Entry::link).orElse(null);
        return "redirect:" + (link != null && link.startsWith("/") && !link.startsWith("//") ? link : "/notify/inbox");
    }

    @PostMapping("/notify/inbox/read-all")
    String readAll() {
        inbox.markAllRead(CurrentUser.get().accountId());
        return "redirect:/notify/inbox";
    }

    @GetMapping("/notify/preferences")
    String preferences(Model model) {
        model.addAttribute("prefs", preferences.of(CurrentUser.get().accountId()));
        model.addAttribute("kinds", Kind.values());
        model.addAttribute("channels", ChannelType.CHOOSABLE);
        return "notify/preferences";
    }

    /** Fields: email, phone (blank removes, absent keeps), quietHours, and a checkbox {@code KIND:CHANNEL} per choice. */
    @PostMapping("/notify/preferences")
    String savePreferences(@RequestParam MultiValueMap<String, String> form, RedirectAttributes flash) {
        Map<Kind, Set<ChannelType>> channels = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            channels.put(k, EnumSet.noneOf(ChannelType.class));
        }
        try {
            for (String choice : form.getOrDefault("choice", List.of())) {
                String[] kc = choice.split(":");
                if (kc.length != 2) {
                    throw ProblemException.badRequest("invalid-channel", "choices are KIND:CHANNEL", Map.of("field", "choice"));
                }
                try {
                    channels.get(Kind.valueOf(kc[0])).add(ChannelType.valueOf(kc[1]));
                } catch (IllegalArgumentException e) {
                    throw ProblemException.badRequest("invalid-channel", "unknown kind or channel " + choice, Map.of("field", "choice"));
                }
            }
            boolean submitted = form.containsKey("save");
            // the form: empty keeps the stored value, a lone space removes it
            preferences.update(CurrentUser.get().accountId(), new Preferences.Change(keepIfEmpty(form.getFirst("email")),
                    keepIfEmpty(form.getFirst("phone")),
                    submitted ? form.containsKey("quietHours") : null, submitted ? channels : null));
            flash.addFlashAttribute("notice", "notify.prefs.saved");
        } catch (ProblemException e) {
            if (e.status() == HttpStatus.FORBIDDEN) {
                throw e;
            }
            flash.addFlashAttribute("error", problems.text(e));
        }
        return "redirect:/notify/preferences";
    }

    private static String keepIfEmpty(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    @GetMapping("/notify/deliveries")
    String deliveries(@RequestParam(required = false) String status, @RequestParam(required = false) String channel, Model model) {
        model.addAttribute("deliveries", log.list(status, channel, 200));
        model.addAttribute("status", status);
        model.addAttribute("channel", channel);
        return "notify/deliveries";
    }
}

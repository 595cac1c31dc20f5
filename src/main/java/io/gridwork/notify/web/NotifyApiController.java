package io.gridwork.notify.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.gridwork.notify.internal.ChannelType;
import io.gridwork.notify.internal.Delivery;
import io.gridwork.notify.internal.DeliveryLog;
import io.gridwork.notify.internal.Inbox;
import io.gridwork.notify.internal.Kind;
import io.gridwork.notify.internal.Preferences;
import io.gridwork.shared.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api")
@Tag(name = "Notifications", description = "The in-app inbox, notification preferences and the delivery log")
class NotifyApiController {

    private final Inbox inbox;
    private final Preferences preferences;
    private final DeliveryLog log;

    NotifyApiController(Inbox inbox, Preferences preferences, DeliveryLog log) {
        this.inbox = inbox;
        this.preferences = preferences;
        this.log = log;
    }

    @GetMapping("/inbox")
    @Operation(summary = "The signed-in account's messages, newest first")
    List<Inbox.Entry> inbox(@RequestParam(defaultValue = "false") boolean unread,
            @RequestParam(required = false) Long before, @RequestParam(defaultValue = "50") int limit) {
        return inbox.list(CurrentUser.get().accountId(), unread, limit, before == null ? Long.MAX_VALUE : before);
    }

    @GetMapping("/inbox/unread-count")
    Map<String, Long> unread() {
        return Map.of("unread", inbox.unread(CurrentUser.get().accountId()));
    }

    @PostMapping("/inbox/{id}/read")
    Map<String, Long> read(@PathVariable long id) {
        inbox.markRead(CurrentUser.get().accountId(), id);
        return unread();
    }

    @PostMapping("/inbox/read-all")
    Map<String, Long> readAll() {
        inbox.markAllRead(CurrentUser.get().accountId());
        return unread();
    }

    /** Contact details as masks, quiet hours, and the external channels per kind. */
    @GetMapping("/notify/preferences")
    Preferences.View preferences() {
        return preferences.of(CurrentUser.get().accountId());
    }

    record PreferencesChange(String email, String phone, Boolean quietHours, Map<Kind, Set<ChannelType>> channels) {
    }

    @PutMapping("/notify/preferences")
    @Operation(summary = "Change contact details (null keeps, blank removes), quiet hours and channels per kind")
    Preferences.View update(@RequestBody PreferencesChange change) {
        return preferences.update(CurrentUser.get().accountId(),
                new Preferences.Change(change.email(), change.phone(), change.quietHours(), change.channels()));
    }

    record DeliveryRow(long id, String channel, Long accountId, Long audienceId, String kind, boolean urgent, String title,
            String status, int attempts, Instant nextAt, String lastError, Instant createdAt, Instant sentAt) {
        static DeliveryRow of(Delivery d) {
            return new DeliveryRow(d.id(), d.channel().name(), d.accountId(), d.audienceId(), d.kind().name(), d.urgent(),
                    d.title(), d.status(), d.attempts(), d.nextAt(), d.lastError(), d.createdAt(), d.sentAt());
        }
    }

    @GetMapping("/notify/deliveries")
    @Operation(summary = "The delivery log (admins): every send and failure")
    List<DeliveryRow> deliveries(@RequestParam(required = false) String status, @RequestParam(required = false) String channel,
            @RequestParam(defaultValue = "100") int limit) {
        return log.list(status, channel, limit).stream().map(DeliveryRow::of).toList();
    }
}

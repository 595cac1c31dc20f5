package io.gridwork.notify.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import io.gridwork.economy.EconomyEvents;

/**
 * Tells the people signed up for a community activity (economy) that it was cancelled, with the organiser's reason,
 * or moved to another time or place. One inbox message per change and account; a redelivered event adds nothing.
 */
@Component("notifyActivityNotices")
class ActivityNotices {

    private static final Locale ZH = Locale.SIMPLIFIED_CHINESE;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("M月d日 HH:mm");

    private final Outbox outbox;
    private final MessageSource messages;

    ActivityNotices(Outbox outbox, MessageSource messages) {
        this.outbox = outbox;
        this.messages = messages;
    }

    @ApplicationModuleListener
    void on(EconomyEvents.ActivityCancelled e) {
        outbox.post(new Outbox.Message("activity:" + e.activityId() + ":cancelled", Kind.ACTIVITY, false,
                messages.getMessage("notify.msg.activityCancelled.title", new Object[] {e.title()}, ZH),
                messages.getMessage("notify.msg.activityCancelled.body", new Object[] {e.title(), when(e.startsAt()), e.reason()}, ZH),
                "/economy/activities/" + e.activityId()), e.accountIds());
    }

    @ApplicationModuleListener
    void on(EconomyEvents.ActivityMoved e) {
        outbox.post(new Outbox.Message("activity:" + e.activityId() + ":moved:" + e.version(), Kind.ACTIVITY, false,
                messages.getMessage("notify.msg.activityMoved.title", new Object[] {e.title()}, ZH),
                messages.getMessage("notify.msg.activityMoved.body", new Object[] {e.title(), when(e.startsAt()), when(e.endsAt()),
                    e.place()}, ZH),
                "/economy/activities/" + e.activityId()), e.accountIds());
    }

    private static String when(Instant at) {
        return LocalDateTime.ofInstant(at, ZoneId.of("Asia/Shanghai")).format(WHEN);
    }
}

package io.gridwork.notify.internal;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import io.gridwork.deliberation.DeliberationEvents;

/** Turns meeting invitations (deliberation) into inbox messages for the invitees; a redelivered event adds nothing. */
@Component
class MeetingInvitations {

    private final Outbox outbox;
    private final MessageSource messages;

    MeetingInvitations(Outbox outbox, MessageSource messages) {
        this.outbox = outbox;
        this.messages = messages;
    }

    @ApplicationModuleListener
    void on(DeliberationEvents.MeetingInvited e) {
        Locale zh = Locale.SIMPLIFIED_CHINESE;
        String when = LocalDateTime.ofInstant(e.startsAt(), ZoneId.of("Asia/Shanghai")).format(DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm"));
        String where = e.place() == null ? "" : "，" + e.place();
        for (long account : e.accountIds()) {
            outbox.post(new Outbox.Message("meeting:" + e.meetingId() + ":invited:" + account, Kind.MEETING, false,
                    messages.getMessage("notify.msg.meetingInvited.title", new Object[] {e.title()}, zh),
                    messages.getMessage("notify.msg.meetingInvited.body", new Object[] {e.title(), when, where}, zh),
                    "/deliberation/meetings/" + e.meetingId()), java.util.List.of(account));
        }
    }
}

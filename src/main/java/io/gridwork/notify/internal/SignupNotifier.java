package io.gridwork.notify.internal;

import java.util.List;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import io.gridwork.access.SignupEvents;

/** Tells a resident in the inbox that a worker has confirmed or rejected their sign-up. */
@Component
class SignupNotifier {

    private final Outbox outbox;
    private final MessageSource messages;

    SignupNotifier(Outbox outbox, MessageSource messages) {
        this.outbox = outbox;
        this.messages = messages;
    }

    @ApplicationModuleListener
    void on(SignupEvents.SignupDecided e) {
        String key = e.confirmed() ? "signupConfirmed" : "signupRejected";
        outbox.post(new Outbox.Message("signup:" + e.signupId() + ":" + (e.confirmed() ? "confirmed" : "rejected"), Kind.NOTICE,
                false, text("notify.msg." + key + ".title"), text("notify.msg." + key + ".body", e.place(),
                        e.reason() == null ? "" : e.reason()), "/"), List.of(e.accountId()));
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, key, Locale.SIMPLIFIED_CHINESE);
    }
}

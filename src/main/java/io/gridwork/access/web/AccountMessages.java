package io.gridwork.access.web;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import io.gridwork.shared.web.ProblemException;
import io.gridwork.shared.web.ProblemMessages;

/** Refusals of the account pages in the viewer's language; a weak password says which rule it broke. */
@Component
class AccountMessages {

    private final ProblemMessages problems;
    private final MessageSource messages;

    AccountMessages(ProblemMessages problems, MessageSource messages) {
        this.problems = problems;
        this.messages = messages;
    }

    String text(ProblemException e) {
        Object reason = e.details().get("reason");
        if ("weak-password".equals(e.code()) && reason != null) {
            String specific = messages.getMessage("error.weak-password." + reason, null, null, LocaleContextHolder.getLocale());
            if (specific != null) {
                return specific;
            }
        }
        return problems.text(e);
    }
}

package io.gridwork.shared.web;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * A refusal in the viewer's language for pages: the message {@code error.<code>} when there is one,
 * otherwise a general sentence carrying the (English) detail.
 */
@Component
public class ProblemMessages {

    private final MessageSource messages;

    ProblemMessages(MessageSource messages) {
        this.messages = messages;
    }

    public String text(ProblemException e) {
        return text(e.code(), e.getMessage());
    }

    public String text(String code, String detail) {
        var locale = LocaleContextHolder.getLocale();
        String general = messages.getMessage("error.generic", new Object[] {detail}, detail, locale);
        return messages.getMessage("error." + code, new Object[] {detail}, general, locale);
    }
}

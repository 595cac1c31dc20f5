package io.gridwork.access.web;

import java.util.ArrayList;
import java.util.List;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridNode;

/** The audit trail's values in words: role codes as role names, grid ids ("g:12") as grid names. */
@Component("accountWords")
class AccountWords {

    private final MessageSource messages;
    private final GridApi grid;

    AccountWords(MessageSource messages, GridApi grid) {
        this.messages = messages;
        this.grid = grid;
    }

    public String describe(String oldValue, String newValue) {
        String now = words(newValue);
        return oldValue == null ? now : words(oldValue) + " → " + now;
    }

    String words(String value) {
        if (value == null || value.isBlank()) {
            return "—";
        }
        List<String> out = new ArrayList<>();
        var locale = LocaleContextHolder.getLocale();
        for (String token : value.split("[ ,]+")) {
            if (token.isBlank()) {
                continue;
            }
            if (token.startsWith("g:")) {
                try {
                    out.add(grid.node(Long.parseLong(token.substring(2))).map(GridNode::name).orElse(token));
                } catch (NumberFormatException e) {
                    out.add(token);
                }
            } else {
                String word = messages.getMessage("accountRole." + token, null, null, locale);
                if (word == null) {
                    word = messages.getMessage("accountPermission." + token, null, token, locale);
                }
                out.add(word);
            }
        }
        return out.isEmpty() ? "—" : String.join("、", out);
    }
}

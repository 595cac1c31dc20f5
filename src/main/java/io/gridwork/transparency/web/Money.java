package io.gridwork.transparency.web;

import java.math.BigDecimal;
import java.util.Map;

import io.gridwork.shared.web.ProblemException;

/** Amounts typed in yuan on the pages, kept in fen. */
final class Money {

    private Money() {
    }

    /** "1.8" → 180; null when blank; 400 {@code invalid-yuan} when not yuan with at most two decimals. */
    static Long fen(String yuan, String field) {
        if (yuan == null || yuan.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(yuan.strip().replace("，", "").replace(",", "")).movePointRight(2).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw ProblemException.badRequest("invalid-yuan", "amounts are yuan with at most two decimals",
                    Map.of("field", field));
        }
    }
}

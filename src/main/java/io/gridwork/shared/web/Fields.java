package io.gridwork.shared.web;

import java.util.Map;

/** Checks of a request's text fields that every module answers alike, with a 400 problem naming the field. */
public final class Fields {

    private Fields() {
    }

    /** The stripped text, or a 400 when required and missing ({@code field-required}) or too long ({@code field-too-long}). */
    public static String text(String value, String field, int max, boolean required) {
        String v = value == null ? null : value.strip();
        if (v == null || v.isEmpty()) {
            if (required) {
                throw ProblemException.badRequest("field-required", field + " is required", Map.of("field", field));
            }
            return null;
        }
        if (v.length() > max) {
            throw ProblemException.badRequest("field-too-long", field + " may have at most " + max + " characters",
                    Map.of("field", field));
        }
        return v;
    }
}

package io.gridwork.shared.web;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;

/**
 * Text that may be stored: no control characters but tab, line feed and carriage return (no NUL, which
 * PostgreSQL cannot store, no DEL, no C1 controls) and no lone surrogates (not encodable as UTF-8). Request
 * parameters are checked by {@link RequestInputGuard}, JSON strings by {@link #jsonModule()}.
 */
public final class TextGuard {

    /** The problem code (and {@code error.<code>} message key) of text with control characters. */
    public static final String INVALID_CHARACTERS = "invalid-characters";

    private TextGuard() {
    }

    public static boolean isClean(String s) {
        if (s == null) {
            return true;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c >= 0x7f && c <= 0x9f) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return false;
            }
            if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** The text with control characters shown as {@code \\uXXXX}, for messages. */
    public static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(100).forEach(cp -> {
            if (Character.isISOControl(cp) || Character.isSurrogate((char) cp) && cp < 0x10000) {
                b.append(String.format("\\u%04X", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }

    /** A JSON string with control characters: the request is refused with 400 {@code invalid-characters}. */
    public static final class InvalidCharacters extends InvalidFormatException {

        private static final long serialVersionUID = 1L;

        InvalidCharacters(JsonParser parser, String value) {
            super(parser, "text contains control characters", printable(value), String.class);
        }
    }

    /** The Jackson module whose string deserializer refuses unclean text (registered as a bean: every JSON body). */
    public static SimpleModule jsonModule() {
        SimpleModule module = new SimpleModule("gridwork-text-guard");
        module.addDeserializer(String.class, new StringDeserializer() {
            @Override
            public String deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
                String value = super.deserialize(p, ctxt);
                if (!isClean(value)) {
                    throw new InvalidCharacters(p, value);
                }
                return value;
            }
        });
        return module;
    }
}

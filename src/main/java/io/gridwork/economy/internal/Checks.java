package io.gridwork.economy.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

import io.gridwork.shared.web.ProblemException;

/** Field checks and small conversions shared by the economy's services. */
public final class Checks {

    /** Months, days and the circulation report are counted in Beijing time. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private Checks() {
    }

    /** The stripped text, or a 400 when required and missing ({@code field-required}) or too long ({@code field-too-long}). */
    public static String text(String value, String field, int max, boolean required) {
        return io.gridwork.shared.web.Fields.text(value, field, max, required);
    }

    public static <T> T require(T value, String field) {
        if (value == null) {
            throw ProblemException.badRequest("field-required", field + " is required", Map.of("field", field));
        }
        return value;
    }

    /** An idempotency key: 1–100 characters of letters, digits and {@code -_.:}. */
    public static String clientKey(String key) {
        if (key == null || key.isBlank()) {
            throw ProblemException.badRequest("idempotency-key-required",
                    "send an Idempotency-Key header: a posting is made once per key");
        }
        String k = key.strip();
        if (k.length() > 100 || !k.matches("[A-Za-z0-9._:-]+")) {
            throw ProblemException.badRequest("invalid-idempotency-key",
                    "an Idempotency-Key has 1 to 100 letters, digits or . _ : -");
        }
        return k;
    }

    /** yyyymm of an instant in Beijing time. */
    public static int month(Instant at) {
        var d = at.atZone(ZONE);
        return d.getYear() * 100 + d.getMonthValue();
    }

    public static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    public static Timestamp timestamp(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    /** 9500 → "95.00". */
    public static String yuan(long fen) {
        return (fen < 0 ? "-" : "") + Math.abs(fen) / 100 + "." + String.format("%02d", Math.abs(fen) % 100);
    }
}

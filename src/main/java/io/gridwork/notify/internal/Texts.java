package io.gridwork.notify.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Formatting for message texts (times in Asia/Shanghai). */
public final class Texts {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

    private Texts() {
    }

    public static String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }

    /** zhang.san@example.com → zh***@example.com. */
    public static String maskEmail(String email) {
        if (email == null) {
            return null;
        }
        int at = email.indexOf('@');
        if (at <= 0) {
            return "***";
        }
        String local = email.substring(0, at);
        return local.substring(0, Math.min(2, local.length())) + "***" + email.substring(at);
    }

    /** A webhook URL shown safely: scheme and host, and the last four characters of the key. */
    public static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        try {
            java.net.URI u = java.net.URI.create(url);
            String tail = url.length() > 4 ? url.substring(url.length() - 4) : "";
            return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + "/…" + tail;
        } catch (IllegalArgumentException e) {
            return "…";
        }
    }
}

package io.gridwork.demand.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.gridwork.people.PersonalDataCipher;
import io.gridwork.shared.web.ProblemException;

/**
 * The position of a demand list between two pages: the last row's (submitted_at, id), which the next page reads
 * below. Opaque to clients and signed (HMAC-SHA256 under the configured hash key, so every instance accepts the
 * cursors of the others): a cursor that was not issued here, was changed or belongs to another kind of list is a
 * 400 {@code invalid-cursor}, never a guess at a position.
 */
@Component
public class ListCursor {

    /** A position: the next page holds the rows strictly after it in (submitted_at desc, id desc) order. */
    public record Key(Instant at, long id) {
    }

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final int MAC_CHARS = 24;

    private final PersonalDataCipher cipher;

    ListCursor(PersonalDataCipher cipher) {
        this.cipher = cipher;
    }

    /** The cursor after {@code key} in a list of {@code kind} ("demands", "open311", ...). */
    public String encode(String kind, Key key) {
        String payload = kind + "|" + key.at().getEpochSecond() + "|" + key.at().getNano() + "|" + key.id();
        return B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + mac(payload);
    }

    /** The position of a cursor issued by {@link #encode} for {@code kind}; null or blank is the first page. */
    public Key decode(String kind, String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        String c = cursor.strip();
        int dot = c.indexOf('.');
        if (c.length() > 200 || dot <= 0) {
            throw invalid();
        }
        String payload;
        try {
            payload = new String(B64D.decode(c.substring(0, dot)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (!MessageDigest.isEqual(mac(payload).getBytes(StandardCharsets.US_ASCII),
                c.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
            throw invalid();
        }
        String[] parts = payload.split("\\|");
        if (parts.length != 4 || !parts[0].equals(kind)) {
            throw invalid();
        }
        try {
            return new Key(Instant.ofEpochSecond(Long.parseLong(parts[1]), Long.parseLong(parts[2])), Long.parseLong(parts[3]));
        } catch (RuntimeException e) {
            throw invalid();
        }
    }

    private String mac(String payload) {
        return cipher.hash("list-cursor:" + payload).substring(0, MAC_CHARS);
    }

    private static ProblemException invalid() {
        return ProblemException.badRequest("invalid-cursor",
                "the cursor is not one this list issued: start again from the first page (no cursor)",
                Map.of("field", "cursor"));
    }
}

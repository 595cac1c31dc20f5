package io.gridwork.demand;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * A timeline step's note in words: the machine codes the demand module writes into notes ("[PROPERTY] ...",
 * "+[POLICE] -[PROPERTY]: ...", a deadline's phase, a photo count, a rating's stars) named in the reader's language.
 * The demand pages and Open311's {@code status_notes} show notes through it.
 */
@Component
public class TimelineNotes {

    /** The note of added photos: "REPORT +2 (3/9)" (stage, added, now, at most). */
    private static final Pattern PHOTOS = Pattern.compile("(REPORT|RESOLUTION) \\+(\\d+) \\((\\d+)/(\\d+)\\)");
    private static final Pattern PARTY = Pattern.compile("\\[([A-Z_, ]*)\\]");

    private final MessageSource messages;

    TimelineNotes(MessageSource messages) {
        this.messages = messages;
    }

    /** The note of a step of {@code action} in words ("" for none). */
    public String inWords(String action, String note, Locale locale) {
        if (note == null) {
            return "";
        }
        if ((action.equals("OVERDUE") || action.equals("DUE_SOON")) && (note.equals("RESPOND") || note.equals("RESOLVE"))) {
            return msg(locale, "demand.phase." + note);
        }
        Matcher photos = PHOTOS.matcher(note);
        if (action.equals("PHOTO_ADDED") && photos.matches()) {
            return msg(locale, "demand.photoNote", msg(locale, "photo." + photos.group(1)), photos.group(2), photos.group(3),
                    photos.group(4));
        }
        if (action.equals("RATED") && note.matches("[1-5]( .*)?")) {
            int stars = note.charAt(0) - '0';
            return "★".repeat(stars) + "☆".repeat(5 - stars) + note.substring(1);
        }
        Matcher m = PARTY.matcher(note);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = partiesOrNull(m.group(1), locale);
            m.appendReplacement(out, Matcher.quoteReplacement(name == null ? m.group() : "【" + name + "】"));
        }
        m.appendTail(out);
        // re-routing notes: "+[A, B] -[C]: reason"
        return out.toString().replace("【】", "—").replaceAll("^\\+(\\S*) -(\\S*): ",
                Matcher.quoteReplacement(msg(locale, "demand.reroute.added")) + " $1 "
                        + Matcher.quoteReplacement(msg(locale, "demand.reroute.withdrawn")) + " $2：");
    }

    /** A handler's note in words (party codes and re-routings), as Open311's {@code status_notes} shows it. */
    public String inWords(String note, Locale locale) {
        return inWords("", note, locale);
    }

    /** "物业公司、业委会" for "PROPERTY, OWNERS_COMMITTEE"; null when a code is not a party. */
    private String partiesOrNull(String codes, Locale locale) {
        StringBuilder b = new StringBuilder();
        for (String code : codes.split(",\\s*")) {
            if (code.isEmpty()) {
                continue;
            }
            try {
                if (!b.isEmpty()) {
                    b.append("、");
                }
                b.append(msg(locale, "party." + Party.valueOf(code).name()));
            } catch (IllegalArgumentException notAParty) {
                return null;
            }
        }
        return b.toString();
    }

    private String msg(Locale locale, String key, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }
}

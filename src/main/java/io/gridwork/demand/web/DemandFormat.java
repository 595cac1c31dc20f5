package io.gridwork.demand.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import io.gridwork.demand.DemandView;
import io.gridwork.demand.Party;

/**
 * Formatting for the demand pages, called from templates as {@code @demandFormat}: times on the
 * business clock (Asia/Shanghai), time left or overdue, and timeline notes with the machine codes
 * the service writes ("[PROPERTY] ...", "+[POLICE] -[PROPERTY]: ...") put into words.
 */
@Component("demandFormat")
public class DemandFormat {

    /** The note of added photos: "REPORT +2 (3/9)" (stage, added, now, at most). */
    private static final Pattern PHOTOS = Pattern.compile("(REPORT|RESOLUTION) \\+(\\d+) \\((\\d+)/(\\d+)\\)");

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MM-dd HH:mm");
    private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
    private static final Pattern PARTY = Pattern.compile("\\[([A-Z_, ]*)\\]");

    private final MessageSource messages;

    DemandFormat(MessageSource messages) {
        this.messages = messages;
    }

    public String time(Instant at) {
        return at == null ? "" : TIME.format(at.atZone(ZONE));
    }

    public String shortTime(Instant at) {
        return at == null ? "" : SHORT.format(at.atZone(ZONE));
    }

    /** A value for a datetime-local input, {@code hours} from now on the business clock. */
    public String inputFromNow(int hours) {
        return INPUT.format(Instant.now().plus(Duration.ofHours(hours)).atZone(ZONE));
    }

    /** "剩余 3 小时 5 分" or "已超时 2 小时" for a due time. */
    public String left(Instant due) {
        if (due == null) {
            return "";
        }
        Duration d = Duration.between(Instant.now(), due);
        boolean over = d.isNegative();
        return msg(over ? "demand.due.over" : "demand.due.left", span(d.abs()));
    }

    private String span(Duration d) {
        long days = d.toDays();
        long hours = d.toHoursPart();
        long minutes = d.toMinutesPart();
        if (days > 0) {
            return msg("demand.span.dh", days, hours);
        }
        if (hours > 0) {
            return msg("demand.span.hm", hours, minutes);
        }
        return msg("demand.span.m", Math.max(1, minutes));
    }

    public String party(Party p) {
        return p == null ? "" : msg("party." + p.name());
    }

    public String actor(String actor) {
        return "system".equals(actor) ? msg("demand.actor.system") : actor;
    }

    /** The note of a timeline entry in words: party codes named, deadline phases translated. */
    public String note(DemandView.TimelineEntry e) {
        String note = e.note();
        if (note == null) {
            return "";
        }
        if ((e.action().equals("OVERDUE") || e.action().equals("DUE_SOON")) && (note.equals("RESPOND") || note.equals("RESOLVE"))) {
            return msg("demand.phase." + note);
        }
        Matcher photos = PHOTOS.matcher(note);
        if (e.action().equals("PHOTO_ADDED") && photos.matches()) {
            return msg("demand.photoNote", msg("photo." + photos.group(1)), photos.group(2), photos.group(3), photos.group(4));
        }
        if (e.action().equals("RATED") && note.matches("[1-5]( .*)?")) {
            int stars = note.charAt(0) - '0';
            return "★".repeat(stars) + "☆".repeat(5 - stars) + note.substring(1);
        }
        Matcher m = PARTY.matcher(note);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = partyOrNull(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(name == null ? m.group() : "【" + name + "】"));
        }
        m.appendTail(out);
        // re-routing notes: "+[A, B] -[C]: reason"
        return out.toString().replace("【】", "—").replaceAll("^\\+(\\S*) -(\\S*): ",
                Matcher.quoteReplacement(msg("demand.reroute.added")) + " $1 "
                        + Matcher.quoteReplacement(msg("demand.reroute.withdrawn")) + " $2：");
    }

    private String partyOrNull(String codes) {
        StringBuilder b = new StringBuilder();
        for (String code : codes.split(",\\s*")) {
            if (code.isEmpty()) {
                continue;
            }
            try {
                if (!b.isEmpty()) {
                    b.append("、");
                }
                b.append(party(Party.valueOf(code)));
            } catch (IllegalArgumentException notAParty) {
                return null;
            }
        }
        return b.toString();
    }

    private String msg(String key, Object... args) {
        Locale locale = LocaleContextHolder.getLocale();
        return messages.getMessage(key, args, key, locale);
    }
}

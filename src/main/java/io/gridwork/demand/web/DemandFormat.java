package io.gridwork.demand.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import io.gridwork.demand.DemandView;
import io.gridwork.demand.Party;
import io.gridwork.demand.TimelineNotes;

/**
 * Formatting for the demand pages, called from templates as {@code @demandFormat}: times on the
 * business clock (Asia/Shanghai), time left or overdue, and timeline notes in words ({@link TimelineNotes}).
 */
@Component("demandFormat")
public class DemandFormat {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MM-dd HH:mm");
    private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    private final MessageSource messages;
    private final TimelineNotes notes;

    DemandFormat(MessageSource messages, TimelineNotes notes) {
        this.messages = messages;
        this.notes = notes;
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
        return notes.inWords(e.action(), e.note(), LocaleContextHolder.getLocale());
    }

    private String msg(String key, Object... args) {
        Locale locale = LocaleContextHolder.getLocale();
        return messages.getMessage(key, args, key, locale);
    }
}

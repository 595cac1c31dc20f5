package io.gridwork.deliberation.web;

import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import io.gridwork.deliberation.internal.DelibTime;

/** Times, days and amounts on deliberation's pages ({@code @delibFormat}), in Beijing time and the viewer's language. */
@Component("delibFormat")
public class DeliberationFormat {

    private static boolean chinese() {
        return LocaleContextHolder.getLocale().getLanguage().equals("zh");
    }

    public String time(Instant at) {
        if (at == null) {
            return "";
        }
        LocalDateTime t = LocalDateTime.ofInstant(at, DelibTime.ZONE);
        return chinese() ? t.format(DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm"))
                : t.format(DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH));
    }

    public String day(LocalDate d) {
        if (d == null) {
            return "";
        }
        return chinese() ? d.format(DateTimeFormatter.ofPattern("yyyy年M月d日")) : d.format(DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH));
    }

    /** The value of a datetime-local field (Beijing time). */
    public String field(Instant at) {
        return at == null ? "" : LocalDateTime.ofInstant(at, DelibTime.ZONE).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm"));
    }

    public String yuan(long fen) {
        NumberFormat f = NumberFormat.getNumberInstance(Locale.CHINA);
        f.setMinimumFractionDigits(2);
        f.setMaximumFractionDigits(2);
        return "¥" + f.format(java.math.BigDecimal.valueOf(fen, 2));
    }
}

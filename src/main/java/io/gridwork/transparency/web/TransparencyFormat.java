package io.gridwork.transparency.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.springframework.stereotype.Component;

/** Money, dates and times on the transparency pages ({@code ${@transparencyFormat.yuan(...)}}), in China's time zone. */
@Component("transparencyFormat")
public class TransparencyFormat {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    public String time(Instant at) {
        return at == null ? "" : TIME.format(at.atZone(ZONE));
    }

    public String date(LocalDate day) {
        return day == null ? "" : day.toString();
    }

    /** 9500 → "95.00". */
    public String yuan(Long fen) {
        if (fen == null) {
            return "";
        }
        long f = Math.abs(fen);
        return (fen < 0 ? "-" : "") + f / 100 + "." + String.format("%02d", f % 100);
    }

    public String yuan(long fen) {
        return yuan(Long.valueOf(fen));
    }

    /** A score in hundredths of a point: 8750 → "87.50". */
    public String points(Integer hundredths) {
        if (hundredths == null) {
            return "";
        }
        return hundredths / 100 + "." + String.format("%02d", hundredths % 100);
    }

    static LocalDate today() {
        return LocalDate.now(ZONE);
    }
}

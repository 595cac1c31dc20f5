package io.gridwork.economy.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.springframework.stereotype.Component;

/** Money, times and quantities on the economy's pages ({@code ${@economyFormat.yuan(...)}}), in China's time zone. */
@Component("economyFormat")
public class EconomyFormat {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    public String time(Instant at) {
        return at == null ? "" : TIME.format(at.atZone(ZONE));
    }

    public String clock(Instant at) {
        return at == null ? "" : CLOCK.format(at.atZone(ZONE));
    }

    /** 9500 → "95.00". */
    public String yuan(Long fen) {
        if (fen == null) {
            return "";
        }
        long f = Math.abs(fen);
        return (fen < 0 ? "-" : "") + f / 100 + "." + String.format("%02d", f % 100);
    }

    public String yuan(int fen) {
        return yuan((long) fen);
    }

    /** 90 minutes → "1.5". */
    public String hours(Integer minutes) {
        if (minutes == null) {
            return "";
        }
        return minutes % 60 == 0 ? String.valueOf(minutes / 60)
                : java.math.BigDecimal.valueOf(minutes).divide(java.math.BigDecimal.valueOf(60), 2, java.math.RoundingMode.HALF_UP)
                        .stripTrailingZeros().toPlainString();
    }

    /** Seconds left until an instant (0 when past), for the payment page's countdown. */
    public long secondsLeft(Instant until) {
        return until == null ? 0 : Math.max(0, java.time.Duration.between(Instant.now(), until).toSeconds());
    }

    /** "+12" or "-3". */
    public String signed(long points) {
        return points > 0 ? "+" + points : String.valueOf(points);
    }
}

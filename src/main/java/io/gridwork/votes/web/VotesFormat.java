package io.gridwork.votes.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.springframework.stereotype.Component;

import io.gridwork.votes.internal.Art278;

/** Areas, shares and times on the votes pages ({@code ${@votesFormat.area(...)}}), in China's time zone. */
@Component("votesFormat")
public class VotesFormat {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    public String time(Instant at) {
        return at == null ? "" : TIME.format(at.atZone(ZONE));
    }

    /** 0.01 m² units as m²: 123456 → "1,234.56". */
    public String area(Long centi) {
        return centi == null ? "" : String.format("%,.2f", Art278.squareMetres(centi));
    }

    public String area(long centi) {
        return area(Long.valueOf(centi));
    }

    /** A figure's value in its measure: m² for area, whole owners for headcount. */
    public String amount(Art278.Figure f, long value) {
        return f.measure() == Art278.Measure.AREA ? area(value) : String.valueOf(value);
    }

    /** A share for display (two decimals): 2 of 3 → "66.67". */
    public String percent(long part, long whole) {
        if (whole == 0) {
            return "0.00";
        }
        return BigDecimal.valueOf(part).multiply(BigDecimal.valueOf(100)).divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_UP)
                .toPlainString();
    }
}

package io.gridwork.campaign.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.springframework.stereotype.Component;

/** Times on campaign pages, in China's time zone ({@code ${@campaignFormat.time(...)}}). */
@Component("campaignFormat")
public class CampaignFormat {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MM-dd HH:mm");

    public String time(Instant at) {
        return at == null ? "" : TIME.format(at.atZone(ZONE));
    }

    /** The map's colour for a share of households reached (for the legend). */
    public String colour(int percent) {
        return CoverageMap.colour(percent);
    }

    public String shortTime(Instant at) {
        return at == null ? "" : SHORT.format(at.atZone(ZONE));
    }
}

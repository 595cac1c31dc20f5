package io.gridwork.measures;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The demand loop's measures for a grid, a period and optionally a category and a responsible party.
 * Rates are null when nothing fell in the period.
 */
public record Measures(long gridId, String gridName, long found, long rectified, long respondDue, long respondOnTime,
        long resolveDue, long resolveOnTime, long ratings, long satisfied) {

    /** 按时办结率: closed within the limit / limits that fell in the period. */
    @JsonProperty
    public Double onTimeClosureRate() {
        return rate(resolveOnTime, resolveDue);
    }

    /** 4-hour response rate: answered within the limit / response limits that fell in the period. */
    @JsonProperty
    public Double responseRate() {
        return rate(respondOnTime, respondDue);
    }

    /** 满意率: satisfied ratings / ratings. */
    @JsonProperty
    public Double satisfactionRate() {
        return rate(satisfied, ratings);
    }

    /** 整改率: problems rectified / problems found. */
    @JsonProperty
    public Double rectificationRate() {
        return rate(rectified, found);
    }

    private static Double rate(long part, long whole) {
        return whole == 0 ? null : Math.round(part * 10000.0 / whole) / 10000.0;
    }
}

package io.gridwork.measures;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The demand loop's measures for a grid, a period and optionally a category and a responsible party.
 * Rates are null when nothing fell in the period. {@code received} counts the demands submitted in the period and not
 * rejected, {@code resolved} those of them resolved since.
 */
public record Measures(long gridId, String gridName, long received, long resolved, long respondDue, long respondOnTime,
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

    /**
     * Demands resolved / demands received (not rejected), by the day they were submitted. This is not 整改率: the
     * rectification rate (problems rectified / problems found) is the rectification list's own figure (lists module).
     */
    @JsonProperty
    public Double resolutionRate() {
        return rate(resolved, received);
    }

    private static Double rate(long part, long whole) {
        return whole == 0 ? null : Math.round(part * 10000.0 / whole) / 10000.0;
    }
}

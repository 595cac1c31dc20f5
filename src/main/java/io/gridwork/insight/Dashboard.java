package io.gridwork.insight;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.gridwork.campaign.CampaignApi;
import io.gridwork.measures.Measures;

/**
 * A grid's dashboard for a period. {@code measures} are the demand loop's (on-time closure, 4-hour response,
 * satisfaction, and demands resolved / received); {@code rectification} is 整改率, problems rectified / problems found
 * on the rectification list. {@code byState} counts the demands now in each state; {@code byCategory} and
 * {@code byParty} the demands received in the period. The trends cover the twelve weeks (Monday to Sunday) and the twelve
 * months that end with {@code to}; the last week and month stop at {@code to}. {@code asOf} and {@code lagSeconds} say how current the measures are.
 */
public record Dashboard(Grid grid, List<Grid> lineage, LocalDate from, LocalDate to, Instant asOf, double lagSeconds,
        Measures measures, Rectification rectification, List<Count> byState, List<Count> byCategory, List<Count> byParty,
        List<Trend> weekly, List<Trend> monthly, List<Child> children, List<CampaignApi.RunningCoverage> campaigns) {

    /** A grid: id, name and level (DISTRICT … MICRO). */
    public record Grid(long id, String name, String level) {
    }

    /** A figure with its key (a state, category or party code) and its name in the viewer's language. */
    public record Count(String key, String label, long count) {
    }

    /** 整改率: problems rectified / problems found on the rectification list (null when none were found). */
    public record Rectification(long found, long rectified, Double rate) {
    }

    /** One week or month of the trend. */
    public record Trend(String label, LocalDate from, LocalDate to, Measures measures, Rectification rectification) {
    }

    /** A child grid's figures for the period. */
    public record Child(Grid grid, Measures measures, Rectification rectification) {
    }
}
